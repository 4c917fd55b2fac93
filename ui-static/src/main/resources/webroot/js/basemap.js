// The offline base map: China's provinces from echarts' map data (served from its WebJar). That file stores each
// ring as characters: per point two zigzag-encoded deltas from the previous point, in 1/1024 degree, starting at the
// ring's encodeOffsets. Decoded here into plain GeoJSON for Leaflet.
function decodeRing(encoded, offsets) {
  const s = encoded.startsWith('@@') ? encoded.slice(2) : encoded;
  const out = [];
  let x = offsets[0];
  let y = offsets[1];
  for (let i = 0; i + 1 < s.length; i += 2) {
    let dx = s.charCodeAt(i) - 64;
    let dy = s.charCodeAt(i + 1) - 64;
    dx = (dx >> 1) ^ -(dx & 1);
    dy = (dy >> 1) ^ -(dy & 1);
    x += dx;
    y += dy;
    out.push([x / 1024, y / 1024]);
  }
  return out;
}

export function decode(json) {
  if (!json.UTF8Encoding) return json;
  for (const f of json.features) {
    const g = f.geometry;
    if (g.type === 'Polygon') {
      g.coordinates = g.coordinates.map((ring, i) => decodeRing(ring, g.encodeOffsets[i]));
    } else if (g.type === 'MultiPolygon') {
      g.coordinates = g.coordinates.map((poly, i) => poly.map((ring, j) => decodeRing(ring, g.encodeOffsets[i][j])));
    }
    delete g.encodeOffsets;
  }
  delete json.UTF8Encoding;
  return json;
}
