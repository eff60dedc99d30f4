import Testing
import YAMLLite
@testable import EvalKit
@testable import EvalKitSuite

@Suite struct CSVReaderTests {
    @Test func readsRecordsWithTheirLines() throws {
        let records = try CSVReader.records("prompt,expect\n1,2\n\n3,4\n")
        #expect(records == [
            .init(line: 1, fields: ["prompt", "expect"]),
            .init(line: 2, fields: ["1", "2"]),
            .init(line: 4, fields: ["3", "4"]),
        ])
    }

    @Test func quotedFieldsHoldCommasQuotesAndLineBreaks() throws {
        let text = "prompt,expect\r\n\"10,100,000\",\"say \"\"hi\"\"\"\r\n\"two\r\nlines\",x\r\nlast,\"\""
        let records = try CSVReader.records(text)
        #expect(records.map(\.fields) == [["prompt", "expect"], ["10,100,000", "say \"hi\""], ["two\nlines", "x"], ["last", ""]])
        #expect(records.map(\.line) == [1, 2, 3, 5])
    }

    @Test func keepsEmptyFieldsAndSkipsABOM() throws {
        let records = try CSVReader.records("\u{FEFF}a,b,c\n,,\n")
        #expect(records.map(\.fields) == [["a", "b", "c"], ["", "", ""]])
        #expect(try CSVReader.records("a,b\r\n1,2\r").map(\.fields) == [["a", "b"], ["1", "2"]])
    }

    @Test func unterminatedQuoteIsAnErrorAtTheQuote() {
        #expect(throws: CSVReader.SyntaxError(message: "unterminated quoted field (the quote opened here is never closed)", mark: Mark(line: 2, column: 3))) {
            try CSVReader.records("a,b\n1,\"open\n")
        }
    }

    @Test func textAfterAClosingQuoteIsAnError() {
        #expect {
            try CSVReader.records("a,b\n\"x\"y,2\n")
        } throws: { error in
            let error = error as? CSVReader.SyntaxError
            return error?.mark == Mark(line: 2, column: 4) && error?.message.contains("after a closing quote") == true
        }
    }
}
