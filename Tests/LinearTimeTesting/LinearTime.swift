import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Expects `work` to take time about linear in the size of its input, without a wall-time bound:
/// on an input 16 times as large, the least CPU time of three runs must be less than 48 times the
/// least on the small input (linear work takes about 16 times as long, quadratic up to 256 times;
/// each test's `size` is large enough that the quadratic code it guards against took more than 48).
/// The time is the CPU time of the calling thread, which other work on the machine hardly changes,
/// and small and large runs alternate, so what remains of a busy machine slows both alike.
public func expectLinearTime<Input>(
    _ what: Comment,
    size: Int,
    input makeInput: (Int) -> Input,
    _ work: (Input) throws -> Void,
    sourceLocation: SourceLocation = #_sourceLocation
) rethrows {
    let small = makeInput(size)
    let large = makeInput(size * 16)
    var leastSmall = Double.infinity
    var leastLarge = Double.infinity
    for _ in 0..<3 {
        leastSmall = min(leastSmall, try threadCPUSeconds { try work(small) })
        leastLarge = min(leastLarge, try threadCPUSeconds { try work(large) })
    }
    let ratio = leastLarge / max(leastSmall, 1e-6)
    #expect(ratio < 48, "\(what): 16 times the input took \(ratio) times as long (\(leastSmall) s against \(leastLarge) s of CPU)", sourceLocation: sourceLocation)
}

/// The CPU time the calling thread spends in `work`, in seconds.
public func threadCPUSeconds(_ work: () throws -> Void) rethrows -> Double {
    func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
    let start = now()
    try work()
    return now() - start
}
