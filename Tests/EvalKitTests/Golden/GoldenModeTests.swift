import Testing
import EvalKit

@Suite("GoldenMode")
struct GoldenModeTests {
    @Test func modesParseFromTheOption() {
        #expect(GoldenMode(option: "check") == .check)
        #expect(GoldenMode(option: "update") == .update)
        #expect(GoldenMode(option: "off") == .off)
        #expect(GoldenMode(option: "Update") == nil)
        #expect(GoldenMode.optionValues == "check|update|off")
    }
}
