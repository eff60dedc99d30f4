import Foundation
import Testing
import YAMLLite

@Suite struct SourceFileTests {
    @Test func linesOfACRLFFileHaveNoLineEnds() {
        let source = SourceFile(path: "f", text: "\u{FEFF}a: 1\r\nb: 2\r\n\r\nc\n")
        #expect(source.line(1) == "a: 1")
        #expect(source.line(2) == "b: 2")
        #expect(source.line(3) == "")
        #expect(source.line(4) == "c")
        #expect(source.line(5) == "")
        #expect(source.line(6) == nil)
    }

    @Test func decodesUTF8DataWithTheSameTextAsAString() throws {
        let text = "\u{FEFF}é: 😀\r\n"
        let source = try SourceFile(path: "f", data: Data(text.utf8))
        #expect(source == SourceFile(path: "f", text: text))
        #expect(source.line(1) == "é: 😀")
    }

    @Test func invalidUTF8RendersTheLineWithAReplacementCharacter() {
        #expect {
            try SourceFile(path: "bad.yaml-lite", data: Data([0x61, 0x3A, 0x0A, 0x62, 0x3A, 0x20, 0xC0, 0x0A]))
        } throws: { error in
            (error as? Diagnostic)?.rendered() == """
                bad.yaml-lite:2:4: error: the file is not valid UTF-8 (byte 0xC0 cannot start or continue a character here)
                b: \u{FFFD}
                   ^
                """
        }
    }
}
