import Foundation
import Synchronization
import Testing
@testable import EvalKit
@testable import EvalKitSuite
@testable import EvalKitRunner

/// The watchdog that ends attempts at their deadline.
@Suite struct DeadlineWatchdogTests {
    @Test func anAlarmFiresOnceAndDisarmingSaysSo() async throws {
        let watchdog = DeadlineWatchdog()
        let ticking = Task { await watchdog.run() }
        let fired = Mutex(0)
        var alarm: DeadlineWatchdog.Alarm?
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            alarm = watchdog.arm(after: .milliseconds(30)) {
                fired.withLock { $0 += 1 }
                continuation.resume()
            }
        }
        #expect(try watchdog.disarm(#require(alarm)))
        #expect(try watchdog.disarm(#require(alarm)) == false)
        ticking.cancel()
        await ticking.value
        #expect(fired.withLock { $0 } == 1)
    }

    @Test func aDisarmedAlarmNeverFires() async throws {
        let watchdog = DeadlineWatchdog()
        let fired = Mutex(false)
        let alarm = try #require(watchdog.arm(after: .zero) { fired.withLock { $0 = true } })
        #expect(watchdog.disarm(alarm) == false)
        // A later alarm that fires proves the loop has looked at the table since.
        let ticking = Task { await watchdog.run() }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            _ = watchdog.arm(after: .zero) { continuation.resume() }
        }
        ticking.cancel()
        await ticking.value
        #expect(fired.withLock { $0 } == false)
    }

    @Test func stoppingDropsEveryAlarmAndRefusesNewOnes() async {
        let watchdog = DeadlineWatchdog()
        let fired = Mutex(0)
        let alarms = (0..<3).compactMap { _ in watchdog.arm(after: .seconds(30)) { fired.withLock { $0 += 1 } } }
        #expect(alarms.count == 3)
        let ticking = Task { await watchdog.run() }
        ticking.cancel()
        await ticking.value
        for alarm in alarms { #expect(watchdog.disarm(alarm) == false) }
        #expect(watchdog.arm(after: .zero) {} == nil)
        #expect(fired.withLock { $0 } == 0)
    }
}
