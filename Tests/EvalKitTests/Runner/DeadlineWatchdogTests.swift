import Foundation
import Testing
@testable import EvalKit
@testable import EvalKitSuite
@testable import EvalKitRunner

/// The watchdog that ends attempts at their deadline.
@Suite struct DeadlineWatchdogTests {
    @Test func aDeadlineFires() async {
        let watchdog = DeadlineWatchdog()
        let ticking = Task { await watchdog.run() }
        #expect(await watchdog.expire(after: .milliseconds(30)))
        ticking.cancel()
    }

    @Test func aCancelledWaiterReturnsFalse() async {
        let watchdog = DeadlineWatchdog()
        let ticking = Task { await watchdog.run() }
        let waiter = Task { await watchdog.expire(after: .seconds(30)) }
        try? await Task.sleep(for: .milliseconds(20))
        waiter.cancel()
        #expect(await waiter.value == false)
        ticking.cancel()
    }

    @Test func stoppingReleasesEveryWaiter() async {
        let watchdog = DeadlineWatchdog()
        let ticking = Task { await watchdog.run() }
        let waiters = (0..<3).map { _ in Task { await watchdog.expire(after: .seconds(30)) } }
        try? await Task.sleep(for: .milliseconds(20))
        ticking.cancel()
        await ticking.value
        for waiter in waiters { #expect(await waiter.value == false) }
        #expect(await watchdog.expire(after: .milliseconds(1)) == false)
    }
}
