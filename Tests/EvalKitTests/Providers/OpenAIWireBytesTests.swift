import Foundation
import Testing
@testable import EvalKitProviders

/// The OpenAI answer read straight from its bytes is the answer the tree reader reads, or nothing.
@Suite struct OpenAIWireBytesTests {
    private typealias Response = OpenAIProvider.Wire.Response

    /// What a reader took from a body, to compare two readers.
    private static func summary(_ response: Response?) -> String? {
        guard let response else { return nil }
        let choices = response.choices.map { choices in
            choices.map { choice in
                let message = choice.message.map { "message(\(String(reflecting: $0.content?.text)), \(String(reflecting: $0.refusal)))" } ?? "no message"
                return "\(message) text \(String(reflecting: choice.text)) finish \(String(reflecting: choice.finishReason))"
            }
        }
        let usage = response.usage.map { "\(String(reflecting: $0.promptTokens))/\(String(reflecting: $0.completionTokens))" }
        return "\(String(reflecting: choices)) \(String(reflecting: usage)) \(String(reflecting: response.model)) \(String(reflecting: response.systemFingerprint))"
    }

    static let fakeModel = #"{"id": "chatcmpl-fake", "object": "chat.completion", "created": 0, "model": "next-number", "choices": [{"index": 0, "message": {"role": "assistant", "content": "42", "refusal": null}, "logprobs": null, "finish_reason": "stop"}], "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}"#

    /// Bodies the byte reader reads itself.
    static let read: [String] = [
        fakeModel,
        #"{"choices":[{"text":"one\ntwo \"q\" \\ \/ \b\f\r\t \u00e9 \ud83d\ude00 é 日本","finish_reason":"length"}],"usage":null}"#,
        #" { "choices" : [ ] , "model" : "m" , "system_fingerprint" : "fp" } "#,
        #"{"choices":null,"usage":{"prompt_tokens":-0,"completion_tokens":null},"extra":{"a":1,"a":[true,false,null,-1.5e+3,{}]}}"#,
        #"{"choices":[{"message":null,"text":null,"finish_reason":null},{"message":{"content":null,"refusal":"no"}}]}"#,
        "{}",
    ]

    /// Bodies it leaves to the tree reader: it may read them, or find nothing in them.
    static let left: [String] = [
        #"{"choices":[{"message":{"content":[{"type":"text","text":"a"}]}}]}"#,
        #"{"model":"a","model":"b"}"#,
        #"{"mod\u0065l":"a"}"#,
        #"{"usage":{"prompt_tokens":1.0}}"#,
        #"{"usage":{"prompt_tokens":"1"}}"#,
        #"{"usage":{"prompt_tokens":99999999999999999999}}"#,
        #"{"choices":{}}"#,
        #"{"choices":[1]}"#,
        #"{"model":"\ud800"}"#,
        #"{"model":"\udc00x"}"#,
        #"{"model":"a\u00"}"#,
        #"{"model":"bad \x escape"}"#,
        "{\"model\":\"raw\ttab\"}",
        #"{"x":01}"#,
        #"{"x":-}"#,
        #"{"x":1.}"#,
        #"{"x":1e}"#,
        #"{"x":tru}"#,
        #"{"x":[1,]}"#,
        #"{"x":1,}"#,
        #"{"x":1} 2"#,
        #"[]"#,
        #"{"x":"unterminated"#,
        "",
        "\u{FEFF}{}",
        "{\"x\":" + String(repeating: "[", count: 600) + String(repeating: "]", count: 600) + "}",
    ]

    @Test func theBytesGiveWhatTheTreeGives() {
        for body in Self.read {
            let bytes = Response(bytes: Data(body.utf8))
            #expect(bytes != nil, "\(body)")
            #expect(Self.summary(bytes) == Self.summary(Response(plain: Data(body.utf8))), "\(body)")
        }
        for body in Self.left {
            #expect(Response(bytes: Data(body.utf8)) == nil, "\(body)")
        }
        #expect(Response(bytes: Data([0x7B, 0x22, 0x78, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D])) == nil)
    }
}

/// The OpenAI request body written by hand is the body `JSONEncoder` writes, byte for byte: the
/// response cache hashes it.
@Suite struct OpenAIRequestBytesTests {
    private typealias Request = OpenAIProvider.Wire.Request
    private typealias Message = OpenAIProvider.Wire.Message

    private static func encoded(_ request: Request) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return Array((try? encoder.encode(request)) ?? Data())
    }

    static let texts: [String] = [
        "", "41", "a/b \"q\" \\ back", "line\nline\r\n\ttab \u{8}\u{C}", "é 日本 😀 \u{2028}\u{2029} \u{7F} \u{85}",
        String((0..<0x20).map { Character(Unicode.Scalar($0)!) }),
        String((0x20..<0x7F).map { Character(Unicode.Scalar($0)!) }),
    ]

    static let numbers: [Double] = [0, -0.0, 0.7, 0.95, 1, 2, 100, 1e-7, 2.5e-5, 1e-4, 0.1 + 0.2, 123456.789, 1e15, 1e16, 1e20, -3.5, 5e-324, .greatestFiniteMagnitude]

    @Test func chatAndCompletionBodiesAreTheEncodersBytes() {
        var requests: [Request] = []
        for text in Self.texts {
            requests.append(Request(model: "next-number", messages: [Message(role: "user", content: text)]))
            requests.append(Request(model: text, messages: [Message(role: "system", content: text), Message(role: "user", content: "p")], stop: [text, "\n"]))
            requests.append(Request(model: "m", prompt: text, maxTokens: 16, seed: -3))
        }
        for number in Self.numbers {
            requests.append(Request(model: "m", messages: [], temperature: number, topP: number, topK: 20, maxTokens: 0, stop: [], seed: 0))
        }
        for request in requests {
            #expect(request.compactJSON() == Self.encoded(request), "\(String(decoding: Self.encoded(request), as: UTF8.self))")
        }
    }

    @Test func aNumberTheEncoderRefusesIsLeftToIt() {
        #expect(Request(model: "m", temperature: .nan).compactJSON() == nil)
        #expect(Request(model: "m", topP: .infinity).compactJSON() == nil)
    }
}
