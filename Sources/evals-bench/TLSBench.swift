import Foundation

/// `evals-bench --tls`: https through nginx beside plain http, and beside a bare keep-alive TLS client.
extension Benchmark {
    struct TLSFigures {
        var http: Figures
        var https: Figures
        var httpsConnections: Int
        var bare: Figures
        var bareConnections: Int
    }

    func runTLS() throws {
        let binaries = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let evals = binaries.appendingPathComponent("evals").path
        let fakeModel = binaries.appendingPathComponent("fake-model").path
        for path in [evals, fakeModel] where !FileManager.default.isExecutableFile(atPath: path) {
            Self.fail("\(path) is missing: run `swift build -c release` first")
        }
        guard let nginx = Self.program("nginx") else { Self.fail("nginx is not installed (apt-get install -y nginx-light)") }
        guard let openssl = Self.program("openssl") else { Self.fail("openssl is not installed (apt-get install -y openssl)") }
        guard let python = Self.program("python3") else { Self.fail("python3 is not installed: the bare TLS client runs on it") }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("evals-bench-tls-\(getpid())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        try Self.makeCertificate(in: work, openssl: openssl)
        let client = work.appendingPathComponent("bare_client.py")
        try Self.bareClient.write(to: client, atomically: true, encoding: .utf8)
        let caFile = work.appendingPathComponent("ca.pem").path

        var all: [TLSFigures] = []
        for index in 1...runs {
            let server = try ServerProcess(path: fakeModel, latencyMs: latencyMs)
            defer { server.stop() }
            let front = try NginxFront(nginx: nginx, folder: work, upstreamPort: server.port)
            defer { front.stop() }
            let out = work.appendingPathComponent("reports").path
            let options = ["--concurrency", "\(concurrency)", "--retries", "0", "--golden", "off", "--quiet", "--no-color", "--out", out]

            let plainSuite = work.appendingPathComponent("http.yaml-lite")
            try suiteText(port: server.port).write(to: plainSuite, atomically: true, encoding: .utf8)
            let http = try measure { try Self.spawn(evals, [plainSuite.path] + options) }

            let secureSuite = work.appendingPathComponent("https.yaml-lite")
            try suiteText(port: front.evalsPort, scheme: "https").write(to: secureSuite, atomically: true, encoding: .utf8)
            let https = try measure { try Self.spawn(evals, [secureSuite.path] + options, environment: ["SSL_CERT_FILE": caFile]) }

            let bare = try measure {
                try Self.spawn(python, [client.path, "127.0.0.1", "\(front.barePort)", "\(cases)", "\(concurrency)", caFile])
            }
            let figures = TLSFigures(http: http, https: https, httpsConnections: front.connections("evals"), bare: bare, bareConnections: front.connections("bare"))
            all.append(figures)
            print(String(format: "run %d: http %.3f s (exit %d), https %.3f s (exit %d, %d TLS connections), bare TLS client %.3f s (exit %d, %d connections)",
                         index, http.wall, http.exitCode, https.wall, https.exitCode, figures.httpsConnections, bare.wall, bare.exitCode, figures.bareConnections))
        }

        func median(_ value: (TLSFigures) -> Double) -> Double { Self.median(all.map(value)) }
        let ideal = Double((cases + concurrency - 1) / concurrency) * Double(latencyMs) / 1000
        print("")
        print("evals-bench --tls: N=\(cases) cases, C=\(concurrency), L=\(latencyMs) ms, nginx TLS front, median of \(runs) runs (release build)")
        print("                         wall      vs ideal  connections  peak RSS   CPU")
        let rows: [(String, (TLSFigures) -> Figures, ((TLSFigures) -> Double)?)] = [
            ("evals http (direct)", \.http, nil),
            ("evals https (nginx)", \.https, { Double($0.httpsConnections) }),
            ("bare TLS client", \.bare, { Double($0.bareConnections) }),
        ]
        for (name, figures, connections) in rows {
            let wall = median { figures($0).wall }
            let count = connections.map { String(format: "%.0f", median($0)) } ?? "-"
            let padded = name.padding(toLength: 22, withPad: " ", startingAt: 0)
            let column = String(repeating: " ", count: max(0, 11 - count.count)) + count
            print("  \(padded) " + String(format: "%6.3f s  %6.2fx  ", wall, ideal > 0 ? wall / ideal : 0) + column
                  + String(format: "  %5.1f MB  %5.2f s", median { figures($0).peakRSSMB }, median { figures($0).cpuSeconds }))
        }
        print(String(format: "  evals https / bare TLS client: %.3f", median(\.https.wall) / median(\.bare.wall)))
        print(String(format: "  evals https / evals http:      %.3f", median(\.https.wall) / median(\.http.wall)))
        if all.contains(where: { $0.http.exitCode != 0 || $0.https.exitCode != 0 || $0.bare.exitCode != 0 }) {
            print("  WARNING: a client exited non-zero in some runs; see the exit codes above")
        }
    }

    private func measure(_ body: () throws -> Usage) throws -> Figures {
        let start = Date()
        let usage = try body()
        return Figures(
            wall: Date().timeIntervalSince(start), maxConcurrency: 0, requests: cases,
            peakRSSMB: Double(usage.maxRSSKB) / 1024, cpuSeconds: usage.cpuSeconds, exitCode: usage.exitCode)
    }

    static func program(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return (path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin"])
            .map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// `ca.pem`, and `server.pem` / `server.key` for 127.0.0.1 signed by it.
    static func makeCertificate(in folder: URL, openssl: String) throws {
        try "basicConstraints = CA:FALSE\nsubjectAltName = IP:127.0.0.1,DNS:localhost\n"
            .write(to: folder.appendingPathComponent("server.ext"), atomically: true, encoding: .utf8)
        let key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        for arguments in [
            ["req", "-x509", "-new"] + key + ["-keyout", "ca.key", "-out", "ca.pem", "-days", "30", "-subj", "/CN=evals-bench CA"],
            ["req", "-new"] + key + ["-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"],
            ["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem", "-days", "30", "-extfile", "server.ext"],
        ] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: openssl)
            process.arguments = arguments
            process.currentDirectoryURL = folder
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            if process.terminationStatus != 0 { fail("openssl \(arguments.joined(separator: " ")) failed") }
        }
    }

    /// N chat requests over C keep-alive connections (TLS unless the CA file is `none`), each a
    /// loop taking the next request.
    static let bareClient = #"""
        import asyncio, json, ssl, sys

        host, port, total, concurrency, cafile = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
        context = None if cafile == "none" else ssl.create_default_context(cafile=cafile)
        state = {"next": 0, "failed": 0}

        async def worker():
            reader, writer = await asyncio.open_connection(host, port, ssl=context)
            while state["next"] < total:
                index = state["next"]
                state["next"] += 1
                body = json.dumps({"model": "next-number", "messages": [{"role": "user", "content": str(index)}]}).encode()
                writer.write(b"POST /v1/chat/completions HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
                             % (host.encode(), port, len(body)) + body)
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                headers = {name.strip().lower(): value.strip() for name, _, value in (line.partition(":") for line in lines[1:] if line)}
                await reader.readexactly(int(headers["content-length"]))
                if lines[0].split(" ")[1] != "200":
                    state["failed"] += 1
            writer.close()

        async def main():
            await asyncio.gather(*(worker() for _ in range(concurrency)))

        asyncio.run(main())
        sys.exit(1 if state["failed"] else 0)
        """#
}

/// nginx with the benchmark's certificate in front of fake-model: one port for evals, one for the bare client, each with its own log.
final class NginxFront {
    let process = Process()
    let folder: URL
    let evalsPort: Int
    let barePort: Int

    init(nginx: String, folder: URL, upstreamPort: Int) throws {
        self.folder = folder
        evalsPort = Self.freePort()
        barePort = Self.freePort()
        let root = folder.path
        for name in ["evals", "bare"] { try? FileManager.default.removeItem(atPath: "\(root)/\(name).log") }
        func server(_ port: Int, _ name: String) -> String {
            """
                server {
                    listen 127.0.0.1:\(port) ssl;
                    ssl_certificate \(root)/server.pem;
                    ssl_certificate_key \(root)/server.key;
                    access_log \(root)/\(name).log connections;
                    location / { proxy_pass http://model; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_buffering off; }
                }
            """
        }
        let configuration = """
            \(geteuid() == 0 ? "user root root;" : "")
            worker_processes 1;
            pid \(root)/nginx.pid;
            error_log \(root)/error.log warn;
            events { worker_connections 4096; }
            http {
                log_format connections '$connection $status';
                client_body_temp_path \(root)/temp-body;
                proxy_temp_path \(root)/temp-proxy;
                fastcgi_temp_path \(root)/temp-fastcgi;
                uwsgi_temp_path \(root)/temp-uwsgi;
                scgi_temp_path \(root)/temp-scgi;
                keepalive_timeout 300s;
                keepalive_requests 100000;
                upstream model { server 127.0.0.1:\(upstreamPort); keepalive 128; }
            \(server(evalsPort, "evals"))
            \(server(barePort, "bare"))
            }

            """
        let file = folder.appendingPathComponent("nginx.conf")
        try configuration.write(to: file, atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: nginx)
        process.arguments = ["-c", file.path, "-p", root, "-g", "daemon off;"]
        try process.run()
        for port in [evalsPort, barePort] {
            var attempts = 0
            while !Self.accepts(port) {
                attempts += 1
                if !process.isRunning || attempts > 2000 { Benchmark.fail("nginx did not start; see \(root)/error.log") }
                usleep(5_000)
            }
        }
    }

    /// Distinct TLS connections that carried requests, from the server's log.
    func connections(_ name: String) -> Int {
        let text = (try? String(contentsOfFile: folder.appendingPathComponent("\(name).log").path, encoding: .utf8)) ?? ""
        return Set(text.split(separator: "\n").compactMap { $0.split(separator: " ").first }).count
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 ? getsockname(fd, $0, &length) : -1 }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func accepts(_ port: Int) -> Bool {
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
}
