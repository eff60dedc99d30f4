import Foundation
import Testing
@testable import EvalKit
@testable import EvalKitSuite
@testable import EvalKitProviders

@Suite("Retry-After")
struct RetryAfterTests {
    @Test(arguments: [
        ("7", 7.0), ("0", 0.0), (" 120 ", 120.0), ("007", 7.0),
    ] as [(String, Double)])
    func delaySecondsAreDecimalDigits(header: String, seconds: Double) {
        #expect(ProviderError.retryAfter(header: header) == seconds)
    }

    @Test(arguments: ["0x1p6", "1e3", "-5", "+5", "1.5", "inf", "nan", "64s", "", "soon"])
    func otherFormsAreNoDelay(header: String) {
        #expect(ProviderError.retryAfter(header: header) == nil)
    }

    @Test func anHTTPDateIsTheTimeUntilIt() {
        let now = Date(timeIntervalSince1970: 1_000_000_000)
        #expect(ProviderError.retryAfter(header: "Sun, 09 Sep 2001 01:48:20 GMT", now: now) == 100)
        #expect(ProviderError.retryAfter(header: "Sun, 09 Sep 2001 01:40:00 GMT", now: now) == 0, "a past date is no wait")
    }
}
