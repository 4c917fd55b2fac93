package org.muster.server.http;

import io.vertx.ext.web.Router;

/** A resource of the HTTP API: adds its routes to the one router. Handlers run on the router's event loop. */
interface Endpoint {
    void mount(Router router);
}
