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
/// With `--jsonl` the cases come from a JSONL dataset (`cases_from`), as a large suite's would;
/// with `--bare` a bare Python asyncio keep-alive http client sends the same N requests with the
/// same C connections in each run, beside evals. Each run also splits evals' time into start
/// (process start to the server's first request), the requests, and tail (the server's last
/// answer to the process's end: judging the last cases and writing the reports).
///
/// With `--golden update` or `--golden check` the runs write, or check against, a golden file of
/// the N cases (a check is preceded by one unmeasured update that records it), instead of
/// `--golden off`.
///
/// With `--baseline` the suite has a second target, the fake model's weaker `base`, and each run
/// compares `local` with it (`--baseline base`): every case is sent to both.
///
/// `--large-files N` times, instead, `evals check` of an N-case JSONL suite and the writing and
/// reading of an N-entry golden file (medians of `--runs`).
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
    var jsonl = false
    var bare = false
    var largeFiles: Int?
    var golden = "off"
    var baseline = false

    struct Figures {
        var wall: Double
        var maxConcurrency: Int
        var requests: Int
        var peakRSSMB: Double
        var cpuSeconds: Double
        var exitCode: Int32
        /// Process start to the server's first request, and its last answer to the process's end.
        var start: Double = 0
        var tail: Double = 0
    }

    static func main() throws {
        var bench = Benchmark()
        var arguments = CommandLine.arguments.dropFirst()
        while let flag = arguments.popFirst() {
            switch flag {
            case "--tls": bench.tls = true
            case "--jsonl": bench.jsonl = true
            case "--bare": bench.bare = true
            case "--baseline": bench.baseline = true
            default: break
            }
            if ["--tls", "--jsonl", "--bare", "--baseline"].contains(flag) { continue }
            if flag == "--golden" {
                guard let mode = arguments.popFirst(), ["off", "check", "update"].contains(mode) else { fail("--golden takes off, check or update") }
                bench.golden = mode
                continue
            }
            guard let value = arguments.popFirst().flatMap(Int.init) else {
                fail("usage: evals-bench [--cases N] [--concurrency C] [--latency-ms L] [--runs K] [--jsonl] [--bare] [--baseline] [--tls] [--golden off|check|update] [--large-files N]")
            }
            switch flag {
            case "--cases": bench.cases = value
            case "--concurrency": bench.concurrency = value
            case "--latency-ms": bench.latencyMs = value
            case "--runs": bench.runs = value
            case "--large-files": bench.largeFiles = value
            default: fail("unknown option \(flag)")
            }
        }
        if let count = bench.largeFiles {
            try bench.runLargeFiles(count)
        } else if bench.tls {
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

        let python = Self.program("python3") ?? ""
        if bare && python.isEmpty { Self.fail("python3 is not installed: the bare client runs on it") }
        let client = work.appendingPathComponent("bare_client.py")
        if bare { try Self.bareClient.write(to: client, atomically: true, encoding: .utf8) }
        var figures: [Figures] = []
        var bareFigures: [Figures] = []
        for index in 1...runs {
            let server = try ServerProcess(path: fakeModel, latencyMs: latencyMs)
            defer { server.stop() }
            let suite = work.appendingPathComponent("bench.yaml-lite")
            try writeSuite(to: suite, port: server.port)
            func arguments(golden: String) -> [String] {
                [
                    suite.path, "--concurrency", "\(concurrency)", "--retries", "0", "--golden", golden, "--quiet", "--no-color", "--no-ci",
                    "--golden-dir", work.appendingPathComponent("golden").path, "--out", work.appendingPathComponent("reports").path,
                ] + (baseline ? ["--baseline", "base"] : [])
            }
            if golden == "check" && index == 1 {
                let recorded = try Self.spawn(evals, arguments(golden: "update"))
                if recorded.exitCode != 0 { Self.fail("the update that records the golden file exited \(recorded.exitCode)") }
                try server.resetStats()
            }
            let result = try server.measure {
                try Self.spawn(evals, arguments(golden: golden))
            }
            figures.append(result)
            print(String(format: "run %d: wall %.3f s (start %.3f s, tail %.3f s), exit %d, %d requests, server concurrency %d, peak RSS %.1f MB, CPU %.2f s",
                         index, result.wall, result.start, result.tail, result.exitCode, result.requests, result.maxConcurrency, result.peakRSSMB, result.cpuSeconds))
            if bare {
                try server.resetStats()
                let other = try server.measure {
                    try Self.spawn(python, [client.path, "127.0.0.1", "\(server.port)", "\(cases)", "\(concurrency)", "none"])
                }
                bareFigures.append(other)
                print(String(format: "       bare client: wall %.3f s (start %.3f s, tail %.3f s), exit %d, %d requests, peak RSS %.1f MB, CPU %.2f s",
                             other.wall, other.start, other.tail, other.exitCode, other.requests, other.peakRSSMB, other.cpuSeconds))
            }
        }
        let wall = Self.median(figures.map(\.wall))
        let ideal = Double((cases + concurrency - 1) / concurrency) * Double(latencyMs) / 1000
        print("")
        print("evals-bench: N=\(cases) cases, C=\(concurrency), L=\(latencyMs) ms, --golden \(golden)\(baseline ? ", --baseline (each case sent to both targets)" : ""), median of \(runs) runs (release build)")
        print(String(format: "  wall time              %.3f s", wall))
        if latencyMs > 0 {
            print(String(format: "  ideal ceil(N/C) x L    %.3f s", ideal))
            print(String(format: "  ratio                  %.3f", wall / ideal))
        }
        print(String(format: "  throughput             %.0f cases/s", Double(cases) / wall))
        print("  server concurrency     \(Int(Self.median(figures.map { Double($0.maxConcurrency) })))")
        print(String(format: "  peak RSS of evals      %.1f MB", Self.median(figures.map(\.peakRSSMB))))
        print(String(format: "  CPU per 1000 cases     %.3f s", Self.median(figures.map(\.cpuSeconds)) / Double(cases) * 1000))
        print(String(format: "  start / tail           %.3f s / %.3f s", Self.median(figures.map(\.start)), Self.median(figures.map(\.tail))))
        if bare {
            print("")
            print("  (N=\(cases), C=\(concurrency))        wall      cases/s  CPU/case  peak RSS  start    tail")
            for (name, rows) in [("evals", figures), ("bare asyncio client", bareFigures)] {
                let wall = Self.median(rows.map(\.wall))
                print("  " + name.padding(toLength: 24, withPad: " ", startingAt: 0) + String(
                    format: "%7.3f s  %7.0f  %5.0f us  %5.1f MB  %.3f s  %.3f s", wall, Double(cases) / wall,
                    Self.median(rows.map(\.cpuSeconds)) / Double(cases) * 1e6, Self.median(rows.map(\.peakRSSMB)),
                    Self.median(rows.map(\.start)), Self.median(rows.map(\.tail))))
            }
            print(String(format: "  evals / bare client wall: %.3f", Self.median(figures.map(\.wall)) / Self.median(bareFigures.map(\.wall))))
        }
        if (figures + bareFigures).contains(where: { $0.exitCode != 0 }) {
            print("  WARNING: evals exited non-zero in some runs; see the exit codes above")
        }
    }

    /// The suite of `suiteText`, or with `--jsonl` the same cases in `cases.jsonl` beside it.
    func writeSuite(to url: URL, port: Int) throws {
        guard jsonl else {
            try suiteText(port: port).write(to: url, atomically: true, encoding: .utf8)
            return
        }
        try Self.writeJSONL(cases, to: url.deletingLastPathComponent().appendingPathComponent("cases.jsonl"))
        try (header(port: port) + "cases_from:\n  path: cases.jsonl\n").write(to: url, atomically: true, encoding: .utf8)
    }

    /// The suite's name and targets: `local`, the fake server's next-number model over its
    /// OpenAI-compatible endpoint, and with `--baseline` its weaker `base` model too.
    func header(port: Int, scheme: String = "http") -> String {
        var text = """
        suite: bench
        default_target: local
        targets:
          local:
            provider: openai
            base_url: \(scheme)://127.0.0.1:\(port)/v1
            model: next-number

        """
        if baseline {
            text += "  base:\n    provider: openai\n    base_url: \(scheme)://127.0.0.1:\(port)/v1\n    model: base\n"
        }
        return text
    }

    /// `count` next-number rows, written in pieces.
    static func writeJSONL(_ count: Int, to url: URL) throws {
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var chunk = ""
        for i in 0..<count {
            chunk += "{\"id\": \"c\(i)\", \"prompt\": \"\(i)\", \"expect\": \"\(i + 1)\"}\n"
            if chunk.utf8.count > 1 << 20 {
                handle.write(Data(chunk.utf8))
                chunk = ""
            }
        }
        handle.write(Data(chunk.utf8))
    }

    /// A suite of N next-number cases against the fake server's OpenAI-compatible endpoint.
    func suiteText(port: Int, scheme: String = "http") -> String {
        var text = header(port: port, scheme: scheme) + "cases:\n"
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

    /// The server's request count, highest concurrency, and when the first request came and the
    /// last answer went (seconds since 1970), from `GET /_stats`.
    func stats() throws -> (requests: Int, maxConcurrency: Int, firstRequest: Double?, lastAnswer: Double?) {
        let data = try Data(contentsOf: URL(string: "http://127.0.0.1:\(port)/_stats")!)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        let requests = object["requests"] as? Int ?? -1
        let concurrency = object["max_concurrency"] as? Int ?? -1
        return (requests, concurrency, object["first_request_at"] as? Double, object["last_answer_at"] as? Double)
    }

    /// Resets the counters (`DELETE /_stats`).
    func resetStats() throws {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/_stats")!)
        request.httpMethod = "DELETE"
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { _, _, _ in done.signal() }.resume()
        done.wait()
    }

    /// Runs a client to its end and measures it: wall, start (to the first request), tail (from
    /// the last answer), and the server's counts.
    func measure(_ body: () throws -> Benchmark.Usage) throws -> Benchmark.Figures {
        let start = Date()
        let usage = try body()
        let end = Date()
        let stats = try stats()
        return Benchmark.Figures(
            wall: end.timeIntervalSince(start), maxConcurrency: stats.maxConcurrency, requests: stats.requests,
            peakRSSMB: Double(usage.maxRSSKB) / 1024, cpuSeconds: usage.cpuSeconds, exitCode: usage.exitCode,
            start: stats.firstRequest.map { $0 - start.timeIntervalSince1970 } ?? 0,
            tail: stats.lastAnswer.map { end.timeIntervalSince1970 - $0 } ?? 0)
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}

try Benchmark.main()
