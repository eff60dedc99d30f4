import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The throughput benchmark: `evals` against `fake-model` on loopback, measured from outside.
///
///     swift build -c release && .build/release/evals-bench --cases 2000 --concurrency 64 --latency-ms 50
///
/// Prints wall time, the ideal `ceil(N/C) × L`, their ratio, the server's highest observed
/// concurrency, peak RSS and CPU seconds per 1000 cases of the `evals` process; with `--runs K`
/// each figure is the median of K runs.
///
/// With `--tls`, nginx (from the distribution's packages) with a certificate made by `openssl`
/// stands in front of fake-model, and each run measures three clients of the same N requests:
/// evals over plain http to fake-model, evals over https through nginx, and a bare keep-alive
/// TLS client (Python asyncio with `ssl`, C connections) through the same nginx; with TLS
/// connections opened (nginx's log) and peak RSS for each.
struct Benchmark {
    var cases = 2000
    var concurrency = 64
    var latencyMs = 50
    var runs = 3
    var tls = false

    struct Figures {
        var wall: Double
        var maxConcurrency: Int
        var requests: Int
        var peakRSSMB: Double
        var cpuSeconds: Double
        var exitCode: Int32
    }

    static func main() throws {
        var bench = Benchmark()
        var arguments = CommandLine.arguments.dropFirst()
        while let flag = arguments.popFirst() {
            if flag == "--tls" {
                bench.tls = true
                continue
            }
            guard let value = arguments.popFirst().flatMap(Int.init) else {
                fail("usage: evals-bench [--cases N] [--concurrency C] [--latency-ms L] [--runs K] [--tls]")
            }
            switch flag {
            case "--cases": bench.cases = value
            case "--concurrency": bench.concurrency = value
            case "--latency-ms": bench.latencyMs = value
            case "--runs": bench.runs = value
            default: fail("unknown option \(flag)")
            }
        }
        if bench.tls {
            try bench.runTLS()
        } else {
            try bench.run()
        }
    }

    func run() throws {
        let binaries = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let evals = binaries.appendingPathComponent("evals").path
        let fakeModel = binaries.appendingPathComponent("fake-model").path
        for path in [evals, fakeModel] where !FileManager.default.isExecutableFile(atPath: path) {
            Self.fail("\(path) is missing: run `swift build -c release` first")
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("evals-bench-\(getpid())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }

        var figures: [Figures] = []
        for index in 1...runs {
            let server = try ServerProcess(path: fakeModel, latencyMs: latencyMs)
            defer { server.stop() }
            let suite = work.appendingPathComponent("bench.yaml-lite")
            try suiteText(port: server.port).write(to: suite, atomically: true, encoding: .utf8)
            let start = Date()
            let usage = try Self.spawn(evals, [
                suite.path, "--concurrency", "\(concurrency)", "--retries", "0", "--golden", "off", "--quiet", "--no-color",
                "--out", work.appendingPathComponent("reports").path,
            ])
            let wall = Date().timeIntervalSince(start)
            let stats = try server.stats()
            let result = Figures(
                wall: wall, maxConcurrency: stats.maxConcurrency, requests: stats.requests,
                peakRSSMB: Double(usage.maxRSSKB) / 1024, cpuSeconds: usage.cpuSeconds, exitCode: usage.exitCode)
            figures.append(result)
            print(String(format: "run %d: wall %.3f s, exit %d, %d requests, server concurrency %d, peak RSS %.1f MB, CPU %.2f s",
                         index, wall, result.exitCode, result.requests, result.maxConcurrency, result.peakRSSMB, result.cpuSeconds))
        }
        let wall = Self.median(figures.map(\.wall))
        let ideal = Double((cases + concurrency - 1) / concurrency) * Double(latencyMs) / 1000
        print("")
        print("evals-bench: N=\(cases) cases, C=\(concurrency), L=\(latencyMs) ms, median of \(runs) runs (release build)")
        print(String(format: "  wall time              %.3f s", wall))
        if latencyMs > 0 {
            print(String(format: "  ideal ceil(N/C) x L    %.3f s", ideal))
            print(String(format: "  ratio                  %.3f", wall / ideal))
        }
        print(String(format: "  throughput             %.0f cases/s", Double(cases) / wall))
        print("  server concurrency     \(Int(Self.median(figures.map { Double($0.maxConcurrency) })))")
        print(String(format: "  peak RSS of evals      %.1f MB", Self.median(figures.map(\.peakRSSMB))))
        print(String(format: "  CPU per 1000 cases     %.3f s", Self.median(figures.map(\.cpuSeconds)) / Double(cases) * 1000))
        if figures.contains(where: { $0.exitCode != 0 }) {
            print("  WARNING: evals exited non-zero in some runs; see the exit codes above")
        }
    }

    /// A suite of N next-number cases against the fake server's OpenAI-compatible endpoint.
    func suiteText(port: Int, scheme: String = "http") -> String {
        var text = """
        suite: bench
        default_target: local
        targets:
          local:
            provider: openai
            base_url: \(scheme)://127.0.0.1:\(port)/v1
            model: next-number
        cases:

        """
        for i in 0..<cases {
            text += "  - {id: c\(i), prompt: \"\(i)\", expect: \"\(i + 1)\"}\n"
        }
        return text
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    struct Usage {
        var exitCode: Int32
        var maxRSSKB: Int
        var cpuSeconds: Double
    }

    /// Runs a program to completion and returns its exit code and resource usage (wait4).
    static func spawn(_ path: String, _ arguments: [String], environment extra: [String: String] = [:]) throws -> Usage {
        var pid: pid_t = 0
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let environment = ProcessInfo.processInfo.environment.merging(extra) { _, new in new }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        let status = posix_spawn(&pid, path, nil, nil, argv, envp)
        guard status == 0 else { fail("cannot start \(path): \(String(cString: strerror(status)))") }
        var waitStatus: Int32 = 0
        var usage = rusage()
        while wait4(pid, &waitStatus, 0, &usage) < 0 && errno == EINTR {}
        let exited = waitStatus & 0x7F == 0
        let cpu = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return Usage(exitCode: exited ? (waitStatus >> 8) & 0xFF : 128 + (waitStatus & 0x7F), maxRSSKB: usage.ru_maxrss, cpuSeconds: cpu)
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("evals-bench: \(message)\n".utf8))
        exit(2)
    }
}

/// A `fake-model` process on a port of its choosing.
final class ServerProcess {
    let process = Process()
    let port: Int

    init(path: String, latencyMs: Int) throws {
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["--port", "0", "--latency-ms", "\(latencyMs)"]
        process.standardOutput = output
        try process.run()
        var line = Data()
        while true {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line.append(byte)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)) else {
            Benchmark.fail("fake-model did not print its port (got '\(text)')")
        }
        self.port = port
    }

    /// The server's request count and highest concurrency, from `GET /_stats`.
    func stats() throws -> (requests: Int, maxConcurrency: Int) {
        let data = try Data(contentsOf: URL(string: "http://127.0.0.1:\(port)/_stats")!)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        let requests = object["requests"] as? Int ?? -1
        let concurrency = object["max_concurrency"] as? Int ?? -1
        return (requests, concurrency)
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}

try Benchmark.main()
