// graphlineage's local Neo4j: an embedded Neo4j Community DBMS with its Bolt connector.
//
// Run by `graphlineage server start` in Java's single-file source mode:
//   java -cp <neo4j jars> Launcher.java <home-dir> <neo4j.conf> <password-file>
//
// The conf file (written by graphlineage) binds Bolt to 127.0.0.1 and turns authentication
// on; this program sets the `neo4j` user's password from the password file, prints one
// READY line, and shuts the DBMS down cleanly on SIGTERM/SIGINT (no recovery on next start).

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.kernel.internal.Version;

public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: Launcher <home-dir> <neo4j.conf> <password-file>");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        Path conf = Path.of(args[1]).toAbsolutePath();
        String password = Files.readString(Path.of(args[2]), StandardCharsets.UTF_8).strip();

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .loadPropertiesFromFile(conf)
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("graphlineage-neo4j STOPPING");
            System.out.flush();
            dbms.shutdown();
            System.out.println("graphlineage-neo4j STOPPED");
            System.out.flush();
            stopped.countDown();
        }, "graphlineage-shutdown"));

        setPassword(dbms.database("system"), password);

        System.out.println("graphlineage-neo4j READY version=" + Version.getNeo4jVersion());
        System.out.flush();
        stopped.await();
    }

    private static void setPassword(GraphDatabaseService system, String password) {
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        } catch (RuntimeException e) {
            // Neo4j refuses to "change" a password to the value it already has: that is fine.
            String message = String.valueOf(e.getMessage());
            if (!message.contains("same")) {
                throw e;
            }
        }
    }
}
