import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// nginx from the distribution's packages as a TLS front for an upstream http server (as teams put
/// it in front of vLLM), with certificates made by `openssl` at test time: one https server per
/// ``Certificate``, each on its own port of 127.0.0.1, all proxying to the upstream with keep-alive.
///
/// Each server logs nginx's connection serial number per request, so a test counts the TLS
/// connections a client opened. The folder, the certificates and nginx go away with ``stop()``.
final class TLSFront: @unchecked Sendable {
    /// The certificate a server presents.
    enum Certificate: String, CaseIterable {
        /// Signed by ``caFile``'s CA, for 127.0.0.1 and localhost.
        case trusted
        /// Self-signed, for 127.0.0.1 and localhost.
        case selfSigned = "self-signed"
        /// Signed by the CA for 127.0.0.1 and localhost, valid only in January 2020.
        case expired
        /// Signed by the CA for `wrong.example` only.
        case wrongHost = "wrong-host"
    }

    let folder: URL
    /// The test CA's certificate (PEM), which signed the `trusted`, `expired` and `wrongHost` certificates.
    let caFile: String
    /// A plain-http server of the same nginx, proxying to the same upstream.
    let plainPort: Int
    private let ports: [Certificate: Int]
    private let process: Process

    /// Makes the certificates and starts nginx in front of `127.0.0.1:upstreamPort`, on a thread
    /// of its own (`openssl` and nginx's start take a while); fails, saying how to install it, when
    /// nginx or openssl is missing.
    static func start(upstreamPort: Int) async throws -> TLSFront {
        let nginx = try #require(
            executable("nginx"),
            "nginx is not installed: the TLS tests put nginx in front of fake-model; install it (apt-get install -y nginx-light) or run .ci/run, which does")
        _ = try #require(executable("openssl"), "openssl is not installed: the TLS tests make their certificates with it (apt-get install -y openssl)")
        return try await offThePool { try TLSFront(nginx: nginx, upstreamPort: upstreamPort) }
    }

    private init(nginx: URL, upstreamPort: Int) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("evals-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("logs"), withIntermediateDirectories: true)
        caFile = folder.appendingPathComponent("ca.pem").path
        try Self.makeCertificates(in: folder)
        var ports: [Certificate: Int] = [:]
        for certificate in Certificate.allCases { ports[certificate] = try Self.freePort() }
        self.ports = ports
        plainPort = try Self.freePort()
        try Self.configuration(folder: folder, ports: ports, plainPort: plainPort, upstreamPort: upstreamPort)
            .write(to: folder.appendingPathComponent("nginx.conf"), atomically: true, encoding: .utf8)

        process = Process()
        process.executableURL = nginx
        process.arguments = ["-c", folder.appendingPathComponent("nginx.conf").path, "-p", folder.path, "-g", "daemon off;"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: Self.touch(folder.appendingPathComponent("logs/stderr.log")))
        try process.run()
        try waitUntilListening()
    }

    deinit {
        stop()
    }

    /// `https://127.0.0.1:PORT` of the server presenting `certificate`.
    func baseURL(_ certificate: Certificate) -> String {
        "https://127.0.0.1:\(ports[certificate] ?? 0)"
    }

    func port(_ certificate: Certificate) -> Int {
        ports[certificate] ?? 0
    }

    /// The TLS connections that carried at least one request to the server presenting `certificate`.
    func connections(_ certificate: Certificate) -> Int {
        Set(accessLog(certificate).compactMap { $0.split(separator: " ").first }).count
    }

    /// The requests that server answered (its access log's lines).
    func requests(_ certificate: Certificate) -> Int {
        accessLog(certificate).count
    }

    /// Stops nginx and removes the folder; safe more than once.
    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: folder)
    }

    private func accessLog(_ certificate: Certificate) -> [Substring] {
        let text = (try? String(contentsOf: folder.appendingPathComponent("logs/\(certificate.rawValue).log"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n")
    }

    /// Waits for every server's port to accept a connection, or for nginx to exit (its error log then tells why).
    private func waitUntilListening() throws {
        for port in Certificate.allCases.map(port) + [plainPort] {
            var attempts = 0
            while !Self.accepts(port: port) {
                attempts += 1
                guard process.isRunning, attempts < 2_000 else {
                    let log = (try? String(contentsOf: folder.appendingPathComponent("logs/stderr.log"), encoding: .utf8)) ?? ""
                    let error = (try? String(contentsOf: folder.appendingPathComponent("logs/error.log"), encoding: .utf8)) ?? ""
                    stop()
                    throw FrontError(message: "nginx did not start listening on 127.0.0.1:\(port):\n\(log)\(error)")
                }
                usleep(5_000)
            }
        }
    }

    struct FrontError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    // MARK: nginx

    private static func configuration(folder: URL, ports: [Certificate: Int], plainPort: Int, upstreamPort: Int) -> String {
        let root = folder.path
        let location = "location / { proxy_pass http://model; proxy_http_version 1.1; proxy_set_header Connection \"\"; proxy_buffering off; }"
        let plain = "    server { listen 127.0.0.1:\(plainPort); access_log \(root)/logs/plain.log connections; \(location) }"
        let servers = [plain] + Certificate.allCases.map { certificate in
            """
                server {
                    listen 127.0.0.1:\(ports[certificate] ?? 0) ssl;
                    ssl_certificate \(root)/\(certificate.rawValue).pem;
                    ssl_certificate_key \(root)/\(certificate.rawValue).key;
                    access_log \(root)/logs/\(certificate.rawValue).log connections;
                    \(location)
                }
            """
        }
        return """
            \(geteuid() == 0 ? "user root root;" : "")
            worker_processes 1;
            pid \(root)/nginx.pid;
            error_log \(root)/logs/error.log warn;
            events { worker_connections 1024; }
            http {
                log_format connections '$connection $connection_requests $status $request_uri';
                client_body_temp_path \(root)/temp-body;
                proxy_temp_path \(root)/temp-proxy;
                fastcgi_temp_path \(root)/temp-fastcgi;
                uwsgi_temp_path \(root)/temp-uwsgi;
                scgi_temp_path \(root)/temp-scgi;
                keepalive_timeout 300s;
                keepalive_requests 100000;
                ssl_protocols TLSv1.2 TLSv1.3;
                upstream model {
                    server 127.0.0.1:\(upstreamPort);
                    keepalive 64;
                }
            \(servers.joined(separator: "\n"))
            }

            """
    }

    // MARK: Certificates

    /// `ca.pem` and, for each ``Certificate``, `NAME.pem` and `NAME.key`, with OpenSSL 3.0's command line.
    static func makeCertificates(in folder: URL) throws {
        func write(_ name: String, _ text: String) throws {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try write("req.cnf", """
            [req]
            distinguished_name = dn
            prompt = no
            [dn]
            CN = evals test
            [ca]
            basicConstraints = critical,CA:TRUE
            keyUsage = critical,keyCertSign,cRLSign
            subjectKeyIdentifier = hash
            [self]
            basicConstraints = CA:FALSE
            subjectAltName = IP:127.0.0.1,DNS:localhost

            """)
        try write("local.ext", "basicConstraints = CA:FALSE\nextendedKeyUsage = serverAuth\nsubjectAltName = IP:127.0.0.1,DNS:localhost\n")
        try write("wrong.ext", "basicConstraints = CA:FALSE\nextendedKeyUsage = serverAuth\nsubjectAltName = DNS:wrong.example\n")
        // `openssl ca` is the 3.0 way to give a certificate dates in the past.
        try write("ca.cnf", """
            [ca]
            default_ca = test
            [test]
            database = index.txt
            new_certs_dir = .
            serial = serial.txt
            default_md = sha256
            policy = anything
            unique_subject = no
            [anything]
            commonName = supplied

            """)
        try write("index.txt", "")
        try write("serial.txt", "1000\n")
        let key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try openssl(["req", "-x509", "-new"] + key + ["-keyout", "ca.key", "-out", "ca.pem", "-days", "3650", "-config", "req.cnf", "-extensions", "ca", "-subj", "/CN=evals test CA"], in: folder)
        try openssl(["req", "-x509", "-new"] + key + ["-keyout", "self-signed.key", "-out", "self-signed.pem", "-days", "3650", "-config", "req.cnf", "-extensions", "self", "-subj", "/CN=localhost"], in: folder)
        for (name, ext) in [("trusted", "local.ext"), ("wrong-host", "wrong.ext"), ("expired", "local.ext")] {
            try openssl(["req", "-new"] + key + ["-keyout", "\(name).key", "-out", "\(name).csr", "-config", "req.cnf", "-subj", "/CN=\(name == "wrong-host" ? "wrong.example" : "localhost")"], in: folder)
            if name == "expired" {
                try openssl(["ca", "-batch", "-config", "ca.cnf", "-cert", "ca.pem", "-keyfile", "ca.key", "-in", "expired.csr", "-out", "expired.pem",
                             "-startdate", "20200101000000Z", "-enddate", "20200201000000Z", "-extfile", ext, "-notext"], in: folder)
            } else {
                try openssl(["x509", "-req", "-in", "\(name).csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "\(name).pem", "-days", "3650", "-sha256", "-extfile", ext], in: folder)
            }
        }
    }

    private static func openssl(_ arguments: [String], in folder: URL) throws {
        guard let openssl = executable("openssl") else { throw FrontError(message: "openssl is not installed") }
        let (status, text) = try runProgram(openssl, arguments, in: folder)
        guard status == 0 else {
            throw FrontError(message: "openssl \(arguments.joined(separator: " ")) failed:\n\(text)")
        }
    }

    // MARK: Support

    /// A program on the PATH or in the sbin folders (where Debian puts nginx).
    static func executable(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        let folders = path.split(separator: ":").map(String.init) + ["/usr/local/sbin", "/usr/sbin", "/sbin"]
        return folders.map { URL(fileURLWithPath: $0).appendingPathComponent(name) }.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Ports handed out by ``freePort()`` in this test run, never handed out twice.
    private static let handedOut = Mutex(Set<Int>())

    /// A port of 127.0.0.1 that was free a moment ago, for nginx to listen on (it cannot listen
    /// on port 0). It lies below the system's range of ports it picks itself: every other server
    /// of the test run binds port 0, so none of them can take it before nginx does, and nginx
    /// cannot start beside another server that `waitUntilListening` would take for it.
    static func freePort() throws -> Int {
        let range = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8))?
            .split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) } ?? 32768
        for _ in 0..<1000 {
            let port = Int.random(in: 10_000..<max(range, 10_001))
            guard handedOut.withLock({ $0.insert(port).inserted }), (try? RefusingPort(port: port)) != nil else { continue }
            return port
        }
        throw FrontError(message: "cannot bind a port of 127.0.0.1 below \(range)")
    }

    /// Whether 127.0.0.1:port accepts a TCP connection now.
    static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    private static func touch(_ url: URL) -> URL {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        return url
    }
}
