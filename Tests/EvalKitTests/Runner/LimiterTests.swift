import Foundation
import Synchronization
import Testing
@testable import EvalKit
@testable import EvalKitSuite
@testable import EvalKitRunner

/// The runner's async semaphore: capacity, arrival order, cancellation.
@Suite(.timeLimit(.minutes(1))) struct LimiterTests {
    @Test func waitersAreServedInArrivalOrder() async throws {
        let limiter = Limiter(capacity: 1)
        try await limiter.acquire()
        let served = ConcurrentLog<Int>()
        var tasks: [Task<Void, any Error>] = []
        for index in 1...3 {
            tasks.append(Task {
                try await limiter.acquire()
                served.append(index)
            })
            await poll { limiter.waiting == index }
        }
        for count in 1...3 {
            limiter.release()
            await served.wait { $0.count == count }
        }
        #expect(served.all == [1, 2, 3])
        for task in tasks { try await task.value }
    }

    @Test func aCancelledWaiterLeavesTheQueueAndTheSlotGoesToTheNext() async throws {
        let limiter = Limiter(capacity: 1)
        try await limiter.acquire()
        let first = Task { try await limiter.acquire() }
        await poll { limiter.waiting == 1 }
        let second = Task { try await limiter.acquire() }
        await poll { limiter.waiting == 2 }
        first.cancel()
        await #expect(throws: CancellationError.self) { try await first.value }
        #expect(limiter.waiting == 1)
        limiter.release()
        try await second.value
        #expect(limiter.waiting == 0)
        // The slot is held by `second`; once it comes back, a new acquire passes at once.
        limiter.release()
        try await limiter.acquire()
    }

    @Test func anAlreadyCancelledTaskDoesNotTakeASlot() async throws {
        let limiter = Limiter(capacity: 1)
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await limiter.acquire()
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        try await limiter.acquire()
        #expect(limiter.waiting == 0)
    }

    @Test func capacityAllowsThatManyHolders() async throws {
        let limiter = Limiter(capacity: 3)
        for _ in 0..<3 { try await limiter.acquire() }
        let fourth = Task { try await limiter.acquire() }
        await poll { limiter.waiting == 1 }
        limiter.release()
        try await fourth.value
    }

    @Test func aSlotReleasedWhileAWaiterRegistersIsNotLost() async throws {
        let released = ConcurrentLog<Bool>()
        let limiter = Limiter(capacity: 1) { limiter in
            // The holder gives its slot back just after the waiter found none free.
            limiter.release()
            released.append(true)
        }
        try await limiter.acquire()
        // A lost wakeup would leave the waiter queued forever, and the suite's time limit fail the test.
        try await limiter.acquire()
        #expect(released.all == [true])
        #expect(limiter.waiting == 0)
    }

    @Test func manyContendingTasksAllGetThroughWithinCapacity() async {
        let limiter = Limiter(capacity: 3)
        let holders = Holders()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    for _ in 0..<500 {
                        guard (try? await limiter.acquire()) != nil else { return }
                        holders.enter()
                        await Task.yield()
                        holders.leave()
                        limiter.release()
                    }
                }
            }
        }
        #expect(holders.completed == 16 * 500)
        #expect(holders.most <= 3)
        #expect(limiter.waiting == 0)
    }
}

/// Counts the current and most simultaneous holders of a limiter slot.
private final class Holders: Sendable {
    private let state = Mutex((current: 0, most: 0, completed: 0))

    func enter() {
        state.withLock { state in
            state.current += 1
            state.most = max(state.most, state.current)
        }
    }

    func leave() {
        state.withLock { state in
            state.current -= 1
            state.completed += 1
        }
    }

    var most: Int { state.withLock { $0.most } }
    var completed: Int { state.withLock { $0.completed } }
}
