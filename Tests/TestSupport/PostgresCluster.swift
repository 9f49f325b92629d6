import FailoverCore
import Foundation

/// A throwaway PostgreSQL 15 server for the tests: a cluster initialised in a temporary folder, listening
/// on a unix socket in that folder and on a free loopback port, stopped and removed when the test
/// process exits. One per test process, shared by every suite; each test takes a database of its own.
///
/// initdb refuses to run as root, and the tests may (CI does): as root, every server command runs as
/// the `postgres` system user (Debian's package makes it) through `runuser`, with the folder given to it.
/// Where the server cannot be had, `shared()` throws saying why, and the test fails: never a skip.
package final class PostgresCluster: Sendable {
    /// Debian's postgresql-15 (package `postgresql`) puts its server programs here.
    package static let binaries = "/usr/lib/postgresql/15/bin"
    /// The superuser, its password (asked on TCP; the socket trusts), and the port.
    package static let superuser = "failover"
    package static let password = "failover-test-secret"

    package let folder: String
    package let port: Int

    private static let started = Result(catching: { try PostgresCluster() })

    /// The process's server, started on first use.
    package static func shared() throws -> PostgresCluster {
        try started.get()
    }

    /// A new, empty database on the shared server; its name.
    package func createDatabase() throws -> String {
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        try Self.run(Self.binaries + "/createdb", ["-h", folder, "-p", "\(port)", "-U", Self.superuser, "-T", "template0", "--strategy=FILE_COPY", String(name)], asServer: false)
        return String(name)
    }

    /// Drops a database (closing whatever is still connected to it), to keep the cluster small.
    package func dropDatabase(_ name: String) {
        _ = try? Self.run(Self.binaries + "/psql", ["-h", folder, "-p", "\(port)", "-U", Self.superuser, "-d", "postgres", "-q", "-c",
                                                    "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"], asServer: false)
    }

    /// Runs SQL as the superuser in `database`; what psql printed (unaligned, tuples only).
    @discardableResult
    package func psql(_ sql: String, database: String) throws -> String {
        try Self.run(Self.binaries + "/psql", ["-h", folder, "-p", "\(port)", "-U", Self.superuser, "-d", database, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql],
                     asServer: false)
    }

    /// Advisory locks granted in the connected database only: pg_locks lists the whole cluster's, and
    /// other tests' writers in their own databases hold the same key.
    package static let advisoryLocksHeldHere = "FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"

    /// A psql holding failover's write lock (its transaction-level advisory lock) in `database` for up
    /// to `seconds`, returned once it has the lock. `release` ends it, server side too.
    package func holdWriteLock(in database: String, seconds: Int) throws -> PostgresLockHolder {
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: Self.binaries + "/psql")
        holder.arguments = ["-h", folder, "-p", "\(port)", "-U", Self.superuser, "-d", database, "-c",
                            "BEGIN; SELECT pg_advisory_xact_lock(\(0x464F_5652)); SELECT pg_sleep(\(seconds)); COMMIT;"]
        holder.standardOutput = FileHandle.nullDevice
        holder.standardError = FileHandle.nullDevice
        try holder.run()
        var waited = 0
        while waited < 200, try psql("SELECT count(*) \(Self.advisoryLocksHeldHere)", database: database).hasPrefix("0") {
            Thread.sleep(forTimeInterval: 0.05)
            waited += 1
        }
        return PostgresLockHolder(process: holder, cluster: self, database: database)
    }

    /// The store's URL for `database` over the unix socket (trusted: no password).
    package func socketURL(_ database: String) -> String {
        "postgres://\(Self.superuser)@/\(database)?host=\(folder)&port=\(port)"
    }

    /// The store's URL for `database` over loopback TCP, where the server asks for the password.
    package func tcpURL(_ database: String, sslmode: String = "disable") -> String {
        "postgres://\(Self.superuser)@127.0.0.1:\(port)/\(database)?sslmode=\(sslmode)"
    }

    private init() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binaries + "/initdb") else {
            throw Failure("PostgreSQL 15 is not installed (no \(Self.binaries)/initdb): install Debian's postgresql package (scripts/test installs it)")
        }
        // Short: a unix socket's path must fit in 107 bytes.
        folder = "/tmp/fopg-" + UUID().uuidString.prefix(8).lowercased()
        port = try Self.freePort()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let data = folder + "/data"
        let passwordFile = folder + "/password"
        try Self.password.write(toFile: passwordFile, atomically: true, encoding: .utf8)
        if getuid() == 0 {
            guard let user = getpwnam("postgres") else {
                throw Failure("running as root, the test server needs the postgres system user, which Debian's postgresql package creates: install it")
            }
            for path in [folder, passwordFile] { chown(path, user.pointee.pw_uid, user.pointee.pw_gid) }
        }
        do {
            try Self.run(Self.binaries + "/initdb", ["-D", data, "-U", Self.superuser, "--auth-local=trust", "--auth-host=scram-sha-256", "--pwfile=\(passwordFile)",
                                                     "-E", "UTF8", "--no-locale", "--no-sync"], asServer: true)
            // Durability off: a test cluster is thrown away, and fsyncs would dominate its time.
            let options = "-c listen_addresses=127.0.0.1 -p \(port) -k \(folder) -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
            try Self.run(Self.binaries + "/pg_ctl", ["-D", data, "-l", folder + "/server.log", "-w", "-t", "60", "-o", options, "start"], asServer: true)
        } catch {
            let log = (try? String(contentsOfFile: folder + "/server.log", encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(atPath: folder)
            throw Failure("the test PostgreSQL server did not start: \(error)\(log.isEmpty ? "" : "; its log:\n\(log)")")
        }
        Self.stopAtExit(data: data, folder: folder)
    }

    /// Stops the server and removes its folder when the test process exits.
    private static func stopAtExit(data: String, folder: String) {
        atExit.withLockedValue { $0 = (data, folder) }
        atexit {
            guard let (data, folder) = PostgresCluster.atExit.withLockedValue({ $0 }) else { return }
            _ = try? PostgresCluster.run(PostgresCluster.binaries + "/pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"], asServer: true)
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    private static let atExit = LockedBox<(String, String)?>(nil)

    /// A loopback port nothing listens on now: bound to port 0, read back, released.
    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure("socket() failed: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0 else { throw Failure("bind() failed: errno \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Runs a program to its end; as the postgres user when `asServer` and root. Throws with its output
    /// when it fails.
    @discardableResult
    package static func run(_ program: String, _ arguments: [String], asServer: Bool) throws -> String {
        let process = Process()
        // Foundation learns that a child exited when a socket it hands the child closes; the server
        // pg_ctl leaves running would inherit that socket and keep it open. So a server command runs
        // under a shell that closes every descriptor above stderr before it starts the program.
        let closing = ["/bin/bash", "-c", #"for f in /proc/$$/fd/*; do n=${f##*/}; if [ "$n" -gt 2 ]; then eval "exec $n>&-" 2>/dev/null; fi; done; exec "$0" "$@""#, program]
        if asServer, getuid() == 0 {
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
            process.arguments = ["-u", "postgres", "--"] + closing + arguments
        } else if asServer {
            process.executableURL = URL(fileURLWithPath: closing[0])
            process.arguments = Array(closing.dropFirst()) + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = arguments
        }
        var environment = ProcessInfo.processInfo.environment
        environment["PGPASSWORD"] = nil
        environment["LC_ALL"] = "C"
        process.environment = environment
        // A file, not a pipe: the server pg_ctl starts inherits the descriptors it was given, and would
        // hold a pipe open (and a read to its end waiting) for as long as it runs.
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("fopg-output-\(UUID().uuidString)").path
        guard FileManager.default.createFile(atPath: outputPath, contents: nil), let output = FileHandle(forWritingAtPath: outputPath) else {
            throw Failure("cannot create \(outputPath) for \((program as NSString).lastPathComponent)'s output")
        }
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try? output.close()
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            throw Failure("\((program as NSString).lastPathComponent) \(arguments.joined(separator: " ")) exited \(process.terminationStatus): \(text)")
        }
        return text
    }

    package struct Failure: Error, CustomStringConvertible {
        package var description: String
        init(_ description: String) { self.description = description }
    }
}

/// A psql holding the write lock (`PostgresCluster.holdWriteLock`).
package struct PostgresLockHolder {
    let process: Process
    let cluster: PostgresCluster
    let database: String

    /// Ends the holder's backend (so its sleep does not outlast the test) and the process.
    package func release() {
        _ = try? cluster.psql("SELECT pg_terminate_backend(pid) \(PostgresCluster.advisoryLocksHeldHere)", database: database)
        process.terminate()
        process.waitUntilExit()
    }
}
