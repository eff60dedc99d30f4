import EvalKit
import Foundation

/// `evals-bench --large-files N`: `evals check` of an N-case JSONL suite, and an N-entry golden
/// file written and read by evals' golden store (the code `evals run` uses), medians of the runs.
extension Benchmark {
    func runLargeFiles(_ count: Int) throws {
        let binaries = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let evals = binaries.appendingPathComponent("evals").path
        guard FileManager.default.isExecutableFile(atPath: evals) else { Self.fail("\(evals) is missing: run `swift build -c release` first") }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("evals-bench-files-\(getpid())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        var bench = self
        bench.jsonl = true
        bench.cases = count
        let suite = work.appendingPathComponent("bench.yaml-lite")
        try bench.writeSuite(to: suite, port: 9)
        let size = (try FileManager.default.attributesOfItem(atPath: work.appendingPathComponent("cases.jsonl").path)[.size] as? Int) ?? 0

        // Every check runs before the golden file is built here: a spawned child's peak RSS counts
        // this process's peak until it executes the binary.
        var checks: [(wall: Double, cpu: Double, rss: Double)] = []
        for index in 1...runs {
            let start = Date()
            // The check reads no golden file: its figure is the suite's; the golden read is timed below.
            let usage = try Self.spawn(evals, ["check", suite.path, "--golden-dir", work.appendingPathComponent("no-golden").path])
            guard usage.exitCode == 0 else { Self.fail("run \(index): the check failed") }
            checks.append((Date().timeIntervalSince(start), usage.cpuSeconds, Double(usage.maxRSSKB) / 1024))
            print(String(format: "run %d: check %.3f s (CPU %.3f s, peak RSS %.1f MB)", index, checks.last!.wall, checks.last!.cpu, checks.last!.rss))
        }
        let store = GoldenStore(directory: work.appendingPathComponent("golden").path)
        let golden = GoldenFile(suite: "bench", target: "local", model: "next-number", entries: (0..<count).map {
            GoldenFile.Entry(id: "c\($0)", prompt: "What comes after \($0)?", output: "\($0 + 1)")
        })
        var writes: [Double] = [], reads: [Double] = []
        for index in 1...runs {
            let clock = ContinuousClock()
            writes.append(try clock.measure { try store.write(golden, suite: "bench", target: "local") }.inSeconds)
            var read: GoldenFile?
            reads.append(try clock.measure { read = try store.read(suite: "bench", target: "local") }.inSeconds)
            guard read?.entries.count == count else { Self.fail("run \(index): the golden file did not read back") }
            print(String(format: "run %d: golden write %.3f s, read %.3f s", index, writes.last!, reads.last!))
        }
        print("")
        print("evals-bench --large-files \(count): median of \(runs) runs (release build)")
        print(String(format: "  evals check, %d-case JSONL (%.1f MB)   %.3f s (CPU %.3f s), peak RSS %.1f MB", count, Double(size) / 1e6,
                     Self.median(checks.map(\.wall)), Self.median(checks.map(\.cpu)), Self.median(checks.map(\.rss))))
        print(String(format: "  golden file of %d entries: write   %.3f s", count, Self.median(writes)))
        print(String(format: "  golden file of %d entries: read    %.3f s", count, Self.median(reads)))
    }
}
