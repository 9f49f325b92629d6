/// Where a PostgreSQL store lives: `service.database` written as `postgres://user@host:port/db?sslmode=...`.
/// The password is never part of it: it comes from the environment variable `service.database_password_env`
/// names, so the config file can be shown, committed and printed without a secret in it.
public struct PostgresAddress: Sendable, Hashable, CustomStringConvertible {
    /// libpq's modes, with libpq's meanings: `prefer` (the default) tries TLS and falls back to plain;
    /// `require` encrypts without checking the certificate; `verify-ca` checks it against the trusted
    /// roots; `verify-full` also checks that it names the host.
    public enum SSLMode: String, Sendable, Hashable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    /// nil: the operating system user the verb runs as, as libpq does.
    public var user: String?
    /// A host name or address, or (starting with `/`) the folder holding the server's unix socket.
    public var host: String
    public var port: Int
    public var database: String
    public var sslMode: SSLMode
    /// A PEM file of roots to trust instead of the system's (`sslrootcert`).
    public var sslRootCert: String?

    public init(user: String?, host: String, port: Int = 5432, database: String, sslMode: SSLMode = .prefer, sslRootCert: String? = nil) {
        self.user = user
        self.host = host
        self.port = port
        self.database = database
        self.sslMode = sslMode
        self.sslRootCert = sslRootCert
    }

    public var usesUnixSocket: Bool { host.hasPrefix("/") }

    /// The unix socket's path: PostgreSQL names it after the port, in the folder `host` names.
    public var socketPath: String { (host.hasSuffix("/") ? host : host + "/") + ".s.PGSQL.\(port)" }

    /// How messages name the store: the URL as written, less anything that could be secret (there is
    /// nothing secret in it, since a password is refused).
    public var description: String {
        let hostPart = usesUnixSocket ? "" : (host.contains(":") ? "[\(host)]" : host) + ":\(port)"
        var text = "postgres://\(user.map { Self.escaped($0) + "@" } ?? "")\(hostPart)/\(Self.escaped(database))"
        var query: [String] = []
        if usesUnixSocket { query.append("host=\(Self.escaped(host, keeping: "/"))") }
        if usesUnixSocket, port != 5432 { query.append("port=\(port)") }
        if sslMode != .prefer { query.append("sslmode=\(sslMode.rawValue)") }
        if let sslRootCert { query.append("sslrootcert=\(Self.escaped(sslRootCert, keeping: "/"))") }
        if !query.isEmpty { text += "?" + query.joined(separator: "&") }
        return text
    }

    /// Whether `service.database` names PostgreSQL rather than a SQLite file.
    public static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Why a `postgres://` URL cannot be used, in words that end with the fix.
    public enum Problem: Error, Sendable, Hashable, CustomStringConvertible {
        case notPostgres
        case password
        case missingHost
        case missingDatabase
        case badPort(String)
        case badEscape
        case unknownParameter(String)
        case badSSLMode(String)
        case malformed(String)

        public var description: String {
            switch self {
            case .notPostgres:
                "is not a postgres:// URL"
            case .password:
                "holds a password; keep the password out of the config file: remove it from the URL and name an environment variable holding it in service.database_password_env (for example FAILOVER_PG_PASSWORD)"
            case .missingHost:
                "names no host; write postgres://USER@HOST:PORT/DATABASE, or postgres://USER@/DATABASE?host=/run/postgresql for a unix socket"
            case .missingDatabase:
                "names no database; write postgres://USER@HOST:PORT/DATABASE"
            case .badPort(let port):
                "has port \(Echo.quote(port)); a port is a number from 1 to 65535"
            case .badEscape:
                "has a % not followed by two hex digits; escape a literal % as %25"
            case .unknownParameter(let name):
                "has the parameter \(Echo.quote(name)), which failover does not use; it reads host, port, sslmode and sslrootcert"
            case .badSSLMode(let mode):
                "has sslmode \(Echo.quote(mode)); write one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))"
            case .malformed(let why):
                "is not a valid URL (\(why)); write postgres://USER@HOST:PORT/DATABASE?sslmode=require"
            }
        }
    }

    /// Reads `postgres://user@host:port/db?sslmode=...` (or `postgresql://`). Never traps, whatever the text.
    public static func parse(_ text: String) -> Result<PostgresAddress, Problem> {
        let scheme: Substring
        if text.hasPrefix("postgresql://") {
            scheme = "postgresql://"
        } else if text.hasPrefix("postgres://") {
            scheme = "postgres://"
        } else {
            return .failure(.notPostgres)
        }
        if text.contains(where: { $0.isWhitespace || $0.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } }) {
            return .failure(.malformed("it holds spaces or control characters; escape them as %20 and the like"))
        }
        var rest = Substring(text).dropFirst(scheme.count)
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        var queryText: Substring = ""
        if let question = rest.firstIndex(of: "?") {
            queryText = rest[rest.index(after: question)...]
            rest = rest[..<question]
        }
        let authority: Substring
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            path = rest[rest.index(after: slash)...]
        } else {
            authority = rest
        }
        // The last @ separates the user: an unescaped @ in a user name stays in it. No user: the
        // operating system's, as libpq takes it.
        let at = authority.lastIndex(of: "@")
        let userInfo = at.map { authority[..<$0] } ?? ""
        let hostPort = at.map { authority[authority.index(after: $0)...] } ?? authority
        if userInfo.contains(":") { return .failure(.password) }
        guard let unescapedUser = unescape(userInfo) else { return .failure(.badEscape) }
        let user: String? = unescapedUser.isEmpty ? nil : unescapedUser

        var host = ""
        var portText: Substring?
        var hostWasBracketed = false
        if hostPort.hasPrefix("[") {
            hostWasBracketed = true
            guard let close = hostPort.firstIndex(of: "]") else { return .failure(.malformed("an IPv6 address opened with [ is not closed with ]")) }
            host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            let after = hostPort[hostPort.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return .failure(.malformed("unexpected text after the IPv6 address")) }
                portText = after.dropFirst()
            }
        } else if let colon = hostPort.lastIndex(of: ":") {
            host = String(hostPort[..<colon])
            portText = hostPort[hostPort.index(after: colon)...]
        } else {
            host = String(hostPort)
        }
        guard let unescapedHost = unescape(Substring(host)) else { return .failure(.badEscape) }
        host = unescapedHost
        var port = 5432
        if let portText {
            guard let parsed = Self.port(portText) else { return .failure(.badPort(String(portText))) }
            port = parsed
        }
        guard !path.contains("/") else { return .failure(.malformed("the database name holds a /; escape it as %2F")) }
        guard let database = unescape(path) else { return .failure(.badEscape) }
        guard !database.isEmpty else { return .failure(.missingDatabase) }

        var sslMode = SSLMode.prefer
        var sslRootCert: String?
        for pair in queryText.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = unescape(parts[0]), let value = unescape(parts.count > 1 ? parts[1] : "") else { return .failure(.badEscape) }
            switch name {
            case "sslmode":
                guard let mode = SSLMode(rawValue: value) else { return .failure(.badSSLMode(value)) }
                sslMode = mode
            case "sslrootcert":
                sslRootCert = value.isEmpty ? nil : value
            case "host":
                host = value
                hostWasBracketed = value.contains(":")
            case "port":
                guard let parsed = Self.port(Substring(value)) else { return .failure(.badPort(value)) }
                port = parsed
            case "password":
                return .failure(.password)
            default:
                return .failure(.unknownParameter(name))
            }
        }
        guard !host.isEmpty else { return .failure(.missingHost) }
        if !host.hasPrefix("/") {
            let allowed = host.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || ".-_:".unicodeScalars.contains($0)) }
            guard allowed, host.contains(":") == hostWasBracketed || host.hasPrefix("/") else {
                return .failure(.malformed("the host \(Echo.quote(host)) is neither a host name, an IP address nor a socket folder starting with /"))
            }
        }
        return .success(PostgresAddress(user: user, host: host, port: port, database: database, sslMode: sslMode, sslRootCert: sslRootCert))
    }

    static func port(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.count <= 5, text.allSatisfy({ $0.isASCII && $0.isNumber }), let port = Int(text), (1...65_535).contains(port) else { return nil }
        return port
    }

    /// Percent-decoding; nil for a % without two hex digits or bytes that are not UTF-8.
    static func unescape(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var utf8 = text.utf8.makeIterator()
        while let byte = utf8.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = utf8.next().flatMap(hexValue), let low = utf8.next().flatMap(hexValue) else { return nil }
            bytes.append(high << 4 | low)
        }
        guard !bytes.contains(0) else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    static func escaped(_ text: String, keeping kept: String = "") -> String {
        var out = ""
        for byte in text.utf8 {
            let scalar = Unicode.Scalar(byte)
            if byte < 0x80, scalar.properties.isAlphabetic || ("0"..."9").contains(Character(scalar)) || ("-._~" + kept).unicodeScalars.contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else {
                out += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return out
    }
}
