import Testing
@testable import EvalKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite struct JSONValueTests {
    /// `UInt32(_:radix:)` takes a sign, so `\u+041` once read as `A`; JSONNode rejects it too.
    @Test(arguments: [
        (#""\u+041""#, 2), (#""\u-000""#, 2), (#""ab\u+04a""#, 4), (#"["\u 041"]"#, 3), (#""\u00e""#, 2),
        (#""\ud800\u+dc0""#, 2), (#""\u0041\u-041""#, 8),
    ])
    func rejectsAUnicodeEscapeWithoutFourHexDigitsAtItsBackslash(text: String, column: Int) {
        #expect(throws: JSONValue.ParseError(message: "expected four hex digits after \\u", line: 1, column: column)) {
            try JSONValue.parse(text)
        }
    }

    @Test func readsUnicodeEscapesInUpperAndLowerCase() throws {
        #expect(try JSONValue.parse(#""\u0041\u00E9\u00e9\uD83D\uDE00""#) == .string("Aéé😀"))
    }

    /// Each escape once copied the whole string decoded so far. Linear time without a wall-time
    /// bound: 16 times the escapes take less than 48 times the CPU time (linear work takes about 16
    /// times as long; the quadratic code took more than 48 times as long), least of three runs each.
    @Test func stringWithManyEscapesParsesInLinearTime() throws {
        func text(_ count: Int) -> String { "\"" + String(repeating: #"é\n\u0041x"#, count: count) + "\"" }
        let small = text(5_000)
        let large = text(80_000)
        var leastSmall = Double.infinity
        var leastLarge = Double.infinity
        for _ in 0..<3 {
            leastSmall = min(leastSmall, try threadCPUSeconds { _ = try JSONValue.parse(small) })
            leastLarge = min(leastLarge, try threadCPUSeconds { _ = try JSONValue.parse(large) })
        }
        #expect(try JSONValue.parse(large) == .string(String(repeating: "é\nAx", count: 80_000)))
        let ratio = leastLarge / max(leastSmall, 1e-6)
        #expect(ratio < 48, "16 times the escapes took \(ratio) times as long (\(leastSmall) s against \(leastLarge) s of CPU)")
    }

    /// The CPU time the calling thread spends in `work`, in seconds; other work on the machine hardly changes it.
    private func threadCPUSeconds(_ work: () throws -> Void) rethrows -> Double {
        func now() -> Double {
            var time = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
            return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
        }
        let start = now()
        try work()
        return now() - start
    }
}
