package kg.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.server.CommunityBootstrapper;
import org.neo4j.server.NeoBootstrapper;

/**
 * Runs a Neo4j Community server (Bolt, HTTP and Neo4j Browser) from Maven Central artifacts.
 *
 * <p>Usage: {@code Launcher HOME_DIR CONFIG_DIR}. The configuration file {@code CONFIG_DIR/neo4j.conf}
 * is written by the Python side ({@code graph/local.py}). The password of the {@code neo4j} user is
 * read from the {@code NEO4J_PASSWORD} environment variable (never from the command line, which other
 * users can see) and set through the {@code system} database on every start, so the configured
 * password is always the one in force. SIGTERM and SIGINT run the server's shutdown hook, which closes
 * the DBMS cleanly and releases its store locks.
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: Launcher HOME_DIR CONFIG_DIR");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        Path conf = Path.of(args[1]).toAbsolutePath();
        if (!Files.isRegularFile(conf.resolve("neo4j.conf"))) {
            System.err.println("missing configuration file: " + conf.resolve("neo4j.conf"));
            System.exit(2);
        }
        String password = System.getenv("NEO4J_PASSWORD");
        if (password == null || password.length() < 8) {
            System.err.println("NEO4J_PASSWORD must be set to at least 8 characters");
            System.exit(2);
        }

        CommunityBootstrapper boot = new CommunityBootstrapper();
        Map<String, String> overrides = new HashMap<>();
        int code = boot.start(home, conf.resolve("neo4j.conf"), overrides, false, false);
        if (code != NeoBootstrapper.OK) {
            System.err.println("Neo4j failed to start (code " + code + "), see the log above");
            System.exit(code);
        }
        try {
            DatabaseManagementService dbms = boot.getDatabaseManagementService();
            dbms.database("system").executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        } catch (RuntimeException e) {
            if (String.valueOf(e.getMessage()).contains("Old password and new password cannot be the same")) {
                // Already the configured password: nothing to change.
            } else {
                System.err.println("could not set the password of user neo4j: " + e.getMessage());
                boot.stop();
                System.exit(3);
            }
        }
        System.out.println("KG-LOCAL-NEO4J READY");
        System.out.flush();
        // The bootstrapper installed its own SIGTERM/SIGINT handlers; keep the main thread parked.
        while (boot.isRunning()) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }
}
