import Synchronization
import Testing
@testable import EvalKitSupport

/// The signal that ends an attempt's request at its deadline.
@Suite struct DeadlineSignalTests {
    @Test func firingRunsTheActionOnceAndRefusesLaterOnes() {
        let signal = DeadlineSignal()
        let runs = Mutex(0)
        #expect(signal.onFire { runs.withLock { $0 += 1 } })
        #expect(signal.hasFired == false)
        signal.fire()
        signal.fire()
        #expect(runs.withLock { $0 } == 1)
        #expect(signal.hasFired)
        #expect(signal.onFire { runs.withLock { $0 += 10 } } == false)
        #expect(runs.withLock { $0 } == 1)
    }

    @Test func aClearedOrReplacedActionDoesNotRun() {
        let signal = DeadlineSignal()
        let ran = Mutex<[String]>([])
        #expect(signal.onFire { ran.withLock { $0.append("first") } })
        signal.clear()
        #expect(signal.onFire { ran.withLock { $0.append("second") } })
        #expect(signal.onFire { ran.withLock { $0.append("third") } })
        signal.fire()
        #expect(ran.withLock { $0 } == ["third"])
    }

    @Test func theCurrentSignalIsTheOneSetForTheTask() async {
        #expect(DeadlineSignal.current == nil)
        let signal = DeadlineSignal()
        let seen = await DeadlineSignal.$current.withValue(signal) { DeadlineSignal.current }
        #expect(seen === signal)
    }
}
