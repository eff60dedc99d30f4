import Foundation
import Testing
@testable import EvalKit
@testable import EvalKitSuite
@testable import EvalKitRunner

/// The watchdog that ends attempts at their deadline.
@Suite struct DeadlineWatchdogTests {
    @Test func aDeadlineCancelsTheTaskRunningTheBody() async {
        let watchdog = DeadlineWatchdog()
        let ticking = Task { await watchdog.run() }
        let attempt = Task {
            await watchdog.run(for: .milliseconds(30)) { () async -> Bool in
                try? await Task.sleep(for: .seconds(600))
                return Task.isCancelled
            }
        }
        let (cancelled, expired) = await attempt.value
        #expect(cancelled)
        #expect(expired)
        #expect(watchdog.armedCount == 0)
        ticking.cancel()
    }

    @Test func aBodyThatEndsFirstIsNotCancelledAndLeavesNothingArmed() async {
        let watchdog = DeadlineWatchdog()
        let ticking = Task { await watchdog.run() }
        let (armed, expired) = await watchdog.run(for: .seconds(600)) { watchdog.armedCount }
        #expect(armed == 1, "armed while the body runs")
        #expect(!expired)
        #expect(watchdog.armedCount == 0)
        #expect(!Task.isCancelled)
        ticking.cancel()
    }

    @Test func aCancelledCallerEndsItsBodyWithoutExpiring() async {
        let watchdog = DeadlineWatchdog()
        let ticking = Task { await watchdog.run() }
        let started = AsyncStream<Void>.makeStream()
        let attempt = Task {
            await watchdog.run(for: .seconds(600)) { () async -> Bool in
                started.continuation.yield()
                try? await Task.sleep(for: .seconds(600))
                return Task.isCancelled
            }
        }
        for await _ in started.stream { break }
        attempt.cancel()
        let (cancelled, expired) = await attempt.value
        #expect(cancelled)
        #expect(!expired)
        #expect(watchdog.armedCount == 0)
        ticking.cancel()
    }

    @Test func aStoppedWatchdogArmsNothing() async {
        let watchdog = DeadlineWatchdog()
        let ticking = Task { await watchdog.run() }
        ticking.cancel()
        await ticking.value
        let (armed, expired) = await watchdog.run(for: .zero) { watchdog.armedCount }
        #expect(armed == 0)
        #expect(!expired)
    }
}
