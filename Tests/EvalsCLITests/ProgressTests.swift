@testable import EvalsCLI
import EvalKit
import Foundation
import Synchronization
import Testing

/// Progress on stderr (SPEC §5.1), driven by hand: a virtual clock and ticks the test gives.
@Suite("Progress")
struct ProgressTests {
    /// A clock the test moves, in seconds.
    final class Clock: Sendable {
        private let seconds = Mutex(0.0)
        var now: Double { seconds.withLock { $0 } }
        func set(_ value: Double) { seconds.withLock { $0 = value } }
    }

    func progress(terminal: Bool = false, quiet: Bool = false, verbose: Bool = false, clock: Clock) -> (EvalsCLI.Progress, Buffer) {
        var options = Options()
        options.quiet = quiet
        options.verbose = verbose
        let stderr = Buffer(terminal: terminal)
        let console = Console(environment: [:], options: options, stdout: Buffer(terminal: terminal), stderr: stderr)
        return (EvalsCLI.Progress(console: console, enabled: !quiet, now: { clock.now }), stderr)
    }

    /// Four cases of `s[t]`: passed, failed, error, passed, finishing at the given virtual seconds.
    func finish(_ progress: EvalsCLI.Progress, clock: Clock, upTo count: Int, at times: [Double] = [1, 2, 3, 4]) {
        let outcomes: [Outcome] = [.passed, .failed, .error, .passed]
        for index in 0..<count {
            clock.set(times[index])
            progress.handle(.caseFinished(suite: "s", target: "t", caseID: "c\(index)", outcome: outcomes[index], completed: index + 1, total: 4))
        }
    }

    @Test func offATerminalEachFailingOrErroringCaseGetsALineAsItFinishes() {
        let clock = Clock()
        let (progress, stderr) = progress(clock: clock)
        progress.handle(.started(total: 4))
        finish(progress, clock: clock, upTo: 4)
        #expect(stderr.text == "[2/4] FAIL s[t] c1\n[3/4] ERROR s[t] c2\n")
    }

    @Test func withVerboseEveryCaseGetsALine() {
        let clock = Clock()
        let (progress, stderr) = progress(verbose: true, clock: clock)
        progress.handle(.started(total: 4))
        finish(progress, clock: clock, upTo: 2)
        #expect(stderr.text == "[1/4] PASS s[t] c0\n[2/4] FAIL s[t] c1\n")
    }

    @Test func aTickPrintsThePlainLineWithRateAndETAAndTheEndOneMore() {
        let clock = Clock()
        let (progress, stderr) = progress(clock: clock)
        progress.tick()
        #expect(stderr.text.isEmpty, "nothing before the run starts")
        progress.handle(.started(total: 4))
        finish(progress, clock: clock, upTo: 3, at: [10, 20, 30])
        progress.tick()
        #expect(stderr.text.hasSuffix("[3/4] 0.1/s ETA 10s, 1 failed, 1 errors\n"), "\(stderr.text)")
        clock.set(40)
        progress.handle(.caseFinished(suite: "s", target: "t", caseID: "c3", outcome: .passed, completed: 4, total: 4))
        #expect(stderr.text.hasSuffix("[4/4] 0.1/s, 1 failed, 1 errors\n"))
        let before = stderr.text
        progress.tick()
        #expect(stderr.text == before, "nothing after the last case")
    }

    @Test func quietSilencesEveryLine() {
        let clock = Clock()
        let (progress, stderr) = progress(quiet: true, clock: clock)
        progress.handle(.started(total: 4))
        finish(progress, clock: clock, upTo: 3)
        progress.tick()
        #expect(stderr.text.isEmpty)
    }

    @Test func onATerminalTheLiveLineStaysAndCasesGetNoLines() {
        let clock = Clock()
        let (progress, stderr) = progress(terminal: true, clock: clock)
        progress.handle(.started(total: 4))
        finish(progress, clock: clock, upTo: 2)
        progress.tick()
        #expect(stderr.text == "\r\u{1B}[2K[1/4] 1.0/s ETA 3s\r\u{1B}[2K[2/4] 1.0/s ETA 2s, 1 failed")
        progress.clear()
        #expect(stderr.text.hasSuffix("1 failed\r\u{1B}[2K"))
    }

    @Test func theTickerTicksEveryThirtySecondsOffATerminal() async {
        let clock = Clock()
        let stderr = Buffer()
        let console = Console(environment: [:], options: Options(), stdout: Buffer(), stderr: stderr)
        // The first wait ends at once; the second lasts until the ticker is cancelled.
        let (waits, waited) = AsyncStream.makeStream(of: Duration.self)
        let calls = Mutex(0)
        let progress = EvalsCLI.Progress(console: console, enabled: true, now: { clock.now }, sleep: { duration in
            waited.yield(duration)
            if calls.withLock({ $0 += 1; return $0 }) == 1 { return }
            let (never, _) = AsyncStream.makeStream(of: Void.self)
            for await _ in never {}
            throw CancellationError()
        })
        progress.handle(.started(total: 4))
        clock.set(30)
        progress.handle(.caseFinished(suite: "s", target: "t", caseID: "c0", outcome: .passed, completed: 1, total: 4))
        let ticking = progress.startTicking()
        var seen: [Duration] = []
        for await duration in waits {
            seen.append(duration)
            if seen.count == 2 { break }
        }
        ticking.cancel()
        await ticking.value
        #expect(seen == [.seconds(30), .seconds(30)])
        #expect(stderr.text == "[1/4] 0.0/s ETA 1m30s\n")
    }

    @Test func aRunWithoutATerminalNamesTheFailingCaseOnStderr() async throws {
        let scratch = try Scratch()
        let path = try scratch.write("s.yaml-lite", """
            suite: logs
            targets:
              local:
                provider: command
                run: [cat]
            cases:
              - {id: right, prompt: "2", expect: "2"}
              - {id: wrong, prompt: "2", expect: "3"}
            """)
        let result = await scratch.run([path, "--golden", "off"])
        #expect(result.code == 1)
        #expect(result.stderr.contains("] FAIL logs[local] wrong\n"), "\(result.stderr)")
        #expect(!result.stderr.contains("right"))
        let quiet = await scratch.run([path, "--golden", "off", "--quiet"])
        #expect(!quiet.stderr.contains("FAIL"))
    }
}
