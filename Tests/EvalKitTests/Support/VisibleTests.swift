import Testing
@testable import EvalKit
@testable import EvalKitSupport
@testable import EvalKitSuite

@Suite struct VisibleTests {
    @Test func quotesAreEscapedOnScalars() {
        #expect(Visible.quoted("say \"hi\"") == "\"say \\\"hi\\\"\"")
        // `"` + U+0301 is one Character; left unescaped it would end the quoted text early.
        #expect(Visible.quoted("a\"\u{301}b") == "\"a\\\"\u{301}b\"")
        #expect(Visible.quoted("\"\u{301}") == "\"\\\"\u{301}\"")
    }
}
