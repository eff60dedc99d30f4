import Foundation
import Testing
@testable import EvalKit
@testable import EvalKitTransport
@testable import EvalKitSuite

@Suite struct HTTPResponseParserTests {
    /// Feeds `text` in pieces of `step` bytes; returns the parser and the bytes it left unread.
    private func parse(_ text: String, step: Int = .max, cap: Int = 1 << 20, bodiless: Bool = false, finish: Bool = false) throws(HTTPResponseParser.Failure) -> (HTTPResponseParser, Int) {
        var parser = HTTPResponseParser(maxBodyBytes: cap, bodiless: bodiless)
        let bytes = Array(text.utf8)
        var offset = 0
        var left = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + step)
            let used = try bytes[offset..<end].withUnsafeBytes { raw in
                Result { () throws(HTTPResponseParser.Failure) -> Int in try parser.consume(raw) }
            }.get()
            left += (end - offset) - used
            offset = end
            if parser.isComplete {
                left += bytes.count - offset
                break
            }
        }
        if finish { try parser.finish() }
        return (parser, left)
    }

    @Test(arguments: [1, 2, 7, Int.max])
    func readsAContentLengthBodyInAnyPieces(step: Int) throws {
        let (parser, left) = try parse("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"a\": true}", step: step)
        #expect(parser.isComplete)
        #expect(left == 0)
        #expect(parser.status == 200)
        #expect(parser.headers == ["content-type": "application/json", "content-length": "11"])
        #expect(String(decoding: parser.body, as: UTF8.self) == #"{"a": true}"#)
        #expect(parser.keepAlive)
    }

    @Test(arguments: [1, 5, Int.max])
    func readsChunksWithExtensionsAndTrailers(step: Int) throws {
        let text = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;name=x\r\nhello\r\nB\r\n, chunked w\r\n4\r\norld\r\n0\r\nX-Trailer: t\r\n\r\n"
        let (parser, left) = try parse(text, step: step)
        #expect(parser.isComplete)
        #expect(left == 0)
        #expect(String(decoding: parser.body, as: UTF8.self) == "hello, chunked world")
        #expect(parser.keepAlive)
    }

    @Test func readsABodyWithoutLengthUntilTheConnectionEnds() throws {
        let (open, _) = try parse("HTTP/1.1 200 OK\r\n\r\nuntil the end")
        #expect(!open.isComplete)
        let (parser, _) = try parse("HTTP/1.1 200 OK\r\n\r\nuntil the end", finish: true)
        #expect(parser.isComplete)
        #expect(!parser.keepAlive)
        #expect(String(decoding: parser.body, as: UTF8.self) == "until the end")
    }

    @Test func lowercasesNamesAndJoinsRepeatedHeaders() throws {
        let (parser, _) = try parse("HTTP/1.1 429 Too Many Requests\r\nRetry-After: 7\r\nX-Seen: a\r\nx-seen: b\r\nX-Folded: one\r\n  two\r\nContent-Length: 0\r\n\r\n")
        #expect(parser.status == 429)
        #expect(parser.headers["retry-after"] == "7")
        #expect(parser.headers["x-seen"] == "a, b")
        #expect(parser.headers["x-folded"] == "one two")
    }

    @Test(arguments: [
        ("keep-alive", ["keep-alive"]),
        ("Keep-Alive, Close", ["keep-alive", "close"]),
        (" gzip ,\tCHUNKED ", ["gzip", "chunked"]),
        ("", [""]),
    ])
    func splitsHeaderValuesIntoLowercasedElements(value: String, elements: [String]) {
        #expect(HTTPResponseParser.elements(value) == elements)
    }

    @Test func skipsInterimResponses() throws {
        let (parser, _) = try parse("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok")
        #expect(parser.status == 201)
        #expect(parser.headers["content-length"] == "2")
        #expect(String(decoding: parser.body, as: UTF8.self) == "ok")
    }

    @Test func bodilessResponsesEndAtTheirHead() throws {
        let (head, left) = try parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", bodiless: true)
        #expect(head.isComplete)
        #expect(left == 0)
        let (noContent, after) = try parse("HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1")
        #expect(noContent.isComplete)
        #expect(noContent.body.isEmpty)
        #expect(after == 8)
    }

    @Test(arguments: [
        ("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", false),
        ("HTTP/1.1 200 OK\r\nConnection: Keep-Alive, Close\r\nContent-Length: 0\r\n\r\n", false),
        ("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", false),
        ("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n", true),
        ("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", true),
    ])
    func decidesWhetherTheConnectionStaysOpen(text: String, keepAlive: Bool) throws {
        let (parser, _) = try parse(text)
        #expect(parser.isComplete)
        #expect(parser.keepAlive == keepAlive)
    }

    @Test func leavesBytesAfterTheResponseUnread() throws {
        let (parser, left) = try parse("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA")
        #expect(parser.isComplete)
        #expect(left == 5)
    }

    @Test(arguments: [
        "garbage\r\n\r\n",
        "HTTP/2 200\r\n\r\n",
        "HTTP/1.1 2x0 OK\r\n\r\n",
        "HTTP/1.1 200OK\r\n\r\n",
        "HTTP/1.1 099 Low\r\n\r\n",
        "HTTP/1.1 101 Switching Protocols\r\n\r\n",
        "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
        "HTTP/1.1 200 OK\r\n continued from nothing\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 3, 4\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n",
    ])
    func rejectsWhatIsNotHTTP(text: String) {
        #expect(throws: HTTPResponseParser.Failure.malformed) { try parse(text) }
    }

    @Test func rejectsAHeadPastItsLimit() {
        let text = "HTTP/1.1 200 OK\r\nX-Big: " + String(repeating: "a", count: HTTPResponseParser.maxHeadBytes) + "\r\n\r\n"
        #expect(throws: HTTPResponseParser.Failure.malformed) { try parse(text, step: 4096) }
    }

    @Test(arguments: [
        "HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nhello \r\n5\r\nworld\r\n0\r\n\r\n",
        "HTTP/1.1 200 OK\r\n\r\nhello world",
    ])
    func stopsAtTheBodyCap(text: String) {
        #expect(throws: HTTPResponseParser.Failure.tooLarge) { try parse(text, cap: 10) }
    }

    @Test func aBodyExactlyAtTheCapIsRead() throws {
        let (parser, _) = try parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789", cap: 10)
        #expect(parser.body.count == 10)
    }

    @Test(arguments: [
        "",
        "HTTP/1.1 200 OK\r\nContent-Le",
        "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
    ])
    func anEndBeforeTheResponseIsCompleteIsTruncation(text: String) {
        #expect(throws: HTTPResponseParser.Failure.truncated) { try parse(text, finish: true) }
    }
}
