import Testing
@testable import EvalKit
@testable import EvalKitSupport
@testable import EvalKitSuite

@Suite("UnifiedDiff")
struct UnifiedDiffTests {
    @Test func equalTextsHaveNoDiff() {
        #expect(UnifiedDiff.render(old: "a\nb\n", new: "a\nb\n") == nil)
        #expect(UnifiedDiff.render(old: "", new: "") == nil)
    }

    @Test func oneLineChangeIsAValidUnifiedDiff() {
        let diff = UnifiedDiff.render(old: "2", new: "two")
        #expect(diff == """
            --- golden
            +++ output
            @@ -1 +1 @@
            -2
            \\ No newline at end of file
            +two
            \\ No newline at end of file
            """)
    }

    @Test func twoHunksWithThreeLinesOfContext() {
        let old = (1...20).map { "line\($0)\n" }.joined()
        let new = old.replacingOccurrences(of: "line3\n", with: "LINE3\n").replacingOccurrences(of: "line17\n", with: "LINE17\n")
        #expect(UnifiedDiff.render(old: old, new: new) == """
            --- golden
            +++ output
            @@ -1,6 +1,6 @@
             line1
             line2
            -line3
            +LINE3
             line4
             line5
             line6
            @@ -14,7 +14,7 @@
             line14
             line15
             line16
            -line17
            +LINE17
             line18
             line19
             line20
            """)
    }

    @Test func nearbyChangesShareOneHunk() {
        let old = (1...10).map { "l\($0)\n" }.joined()
        let new = old.replacingOccurrences(of: "l3\n", with: "x3\n").replacingOccurrences(of: "l8\n", with: "x8\n")
        #expect(UnifiedDiff.render(old: old, new: new, context: 2) == """
            --- golden
            +++ output
            @@ -1,10 +1,10 @@
             l1
             l2
            -l3
            +x3
             l4
             l5
             l6
             l7
            -l8
            +x8
             l9
             l10
            """)
    }

    @Test func insertionsAndDeletionsAtTheEdges() {
        #expect(UnifiedDiff.render(old: "", new: "x\n", context: 3) == """
            --- golden
            +++ output
            @@ -0,0 +1 @@
            +x
            """)
        #expect(UnifiedDiff.render(old: "a\nb\nc\n", new: "b\nc\n", context: 0) == """
            --- golden
            +++ output
            @@ -1 +0,0 @@
            -a
            """)
        #expect(UnifiedDiff.render(old: "a\nb\nc\nd\ne\n", new: "a\nb\nX\nY\nc\nd\ne\n", context: 1) == """
            --- golden
            +++ output
            @@ -2,2 +2,4 @@
             b
            +X
            +Y
             c
            """)
    }

    @Test func trailingWhitespaceIsVisible() {
        #expect(UnifiedDiff.render(old: "a\nb\n", new: "a  \nb\t\n") == """
            --- golden
            +++ output
            @@ -1,2 +1,2 @@
            -a
            -b
            +a··
            +b\\t
            """)
    }

    @Test func crlfAgainstLFIsVisible() {
        #expect(UnifiedDiff.render(old: "a\nb\n", new: "a\r\nb\r\n") == """
            --- golden
            +++ output
            @@ -1,2 +1,2 @@
            -a
            -b
            +a\\r
            +b\\r
            """)
    }

    @Test func missingFinalNewlineIsMarked() {
        #expect(UnifiedDiff.render(old: "a\nb\n", new: "a\nb") == """
            --- golden
            +++ output
            @@ -1,2 +1,2 @@
             a
            -b
            +b
            \\ No newline at end of file
            """)
    }

    @Test func controlCharactersNeverReachTheTerminal() throws {
        let diff = try #require(UnifiedDiff.render(old: "red\n", new: "\u{1B}[31mred\u{1B}[0m\n\u{07}\n"))
        #expect(diff == """
            --- golden
            +++ output
            @@ -1 +1,2 @@
            -red
            +\\u{1B}[31mred\\u{1B}[0m
            +\\u{7}
            """)
        #expect(!diff.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }

    @Test func longDiffsAreCapped() throws {
        let old = (1...100).map { "old \($0)\n" }.joined()
        let new = (1...100).map { "new \($0)\n" }.joined()
        let diff = try #require(UnifiedDiff.render(old: old, new: new, maxLines: 10))
        let lines = diff.split(separator: "\n", omittingEmptySubsequences: false)
        // 2 file headers + 1 hunk header + 100 deletions + 100 insertions = 203 lines.
        #expect(lines.count == 11)
        #expect(lines[0] == "--- golden")
        #expect(lines[2] == "@@ -1,100 +1,100 @@")
        #expect(lines[3] == "-old 1")
        #expect(lines[9] == "-old 7")
        #expect(lines[10] == "… 193 more lines")
    }

    @Test func longLinesAreCut() throws {
        let diff = try #require(UnifiedDiff.render(old: "short", new: String(repeating: "x", count: 50) + "\n", maxLineLength: 10))
        #expect(diff.split(separator: "\n")[5] == "+xxxxxxxxxx…")
        #expect(UnifiedDiff.visibleLine("ab" + String(repeating: " ", count: 100_000), limit: 5) == "ab···…")
        #expect(UnifiedDiff.visibleLine("a \t \r") == "a·\\t·\\r")
        #expect(UnifiedDiff.visibleLine("  a b") == "  a b")
    }

    @Test func labelsAreConfigurable() throws {
        let diff = try #require(UnifiedDiff.render(old: "a", new: "b", oldLabel: "tuned@old", newLabel: "tuned@new"))
        #expect(diff.hasPrefix("--- tuned@old\n+++ tuned@new\n"))
    }

    @Test func longInputsWithFewChangesStayFastAndMinimal() throws {
        let old = (1...20_000).map { "row \($0)\n" }.joined()
        var newLines = (1...20_000).map { "row \($0)\n" }
        newLines[500] = "changed 501\n"
        newLines.remove(at: 15_000)
        let diff = try #require(UnifiedDiff.render(old: old, new: newLines.joined(), context: 0))
        #expect(diff == """
            --- golden
            +++ output
            @@ -501 +501 @@
            -row 501
            +changed 501
            @@ -15001 +15000,0 @@
            -row 15001
            """)
    }

    @Test func completelyDifferentLongInputsFallBackToReplacingTheMiddle() throws {
        let old = (1...30_000).map { "a\($0 % 97) \($0)\n" }.joined()
        let new = (1...30_000).map { "b\($0 % 89) \($0)\n" }.joined()
        let diff = try #require(UnifiedDiff.render(old: old, new: new, maxLines: 5))
        #expect(diff == """
            --- golden
            +++ output
            @@ -1,30000 +1,30000 @@
            -a1 1
            -a2 2
            … 59998 more lines
            """)
    }
}
