import Foundation
import Testing
@testable import EvalKitProviders
@testable import EvalKitSuite

/// The Gemini request body written by hand is the body `JSONEncoder` writes, byte for byte: the
/// response cache hashes it.
@Suite struct GeminiRequestBytesTests {
    private typealias Wire = GeminiProvider.Wire

    private static func encoded(_ request: Wire.Request) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return Array((try? encoder.encode(request)) ?? Data())
    }

    private static func config(_ settings: GenerationSettings) -> Wire.GenerationConfig? {
        Wire.GenerationConfig(settings)
    }

    @Test func bodiesAreTheEncodersBytes() {
        var requests: [Wire.Request] = []
        for text in OpenAIRequestBytesTests.texts {
            let user = Wire.Content(role: "user", parts: [Wire.Part(text: text)])
            requests.append(Wire.Request(contents: [user]))
            requests.append(Wire.Request(contents: [user, user], systemInstruction: Wire.Content(role: nil, parts: [Wire.Part(text: text)])))
            requests.append(Wire.Request(
                contents: [Wire.Content(role: text, parts: [Wire.Part(text: nil, thought: true), Wire.Part(text: text, thought: false)])],
                generationConfig: Self.config(GenerationSettings(maxTokens: 16, stop: [text, "\n"], seed: -3))))
        }
        requests.append(Wire.Request(contents: []))
        requests.append(Wire.Request(contents: [Wire.Content(role: nil, parts: nil), Wire.Content(role: "user", parts: [])]))
        requests.append(Wire.Request(contents: [Wire.Content(role: "user", parts: [Wire.Part(text: nil)])]))
        for number in OpenAIRequestBytesTests.numbers {
            let settings = GenerationSettings(temperature: number, topP: number, topK: 20, maxTokens: 0, stop: [], seed: 0)
            requests.append(Wire.Request(contents: [Wire.Content(role: "user", parts: [Wire.Part(text: "p")])], generationConfig: Self.config(settings)))
        }
        for request in requests {
            #expect(request.compactJSON() == Self.encoded(request), "\(String(decoding: Self.encoded(request), as: UTF8.self))")
        }
    }

    @Test func theProvidersBodyIsTheEncodersBytes() {
        let request = ModelRequest(prompt: "a/\"b\"\n", system: "be brief", settings: GenerationSettings(temperature: 0.2, topK: 3, stop: ["x"]))
        let wire = Wire.Request(
            contents: [Wire.Content(role: "user", parts: [Wire.Part(text: request.prompt)])],
            systemInstruction: Wire.Content(role: nil, parts: [Wire.Part(text: "be brief")]),
            generationConfig: Wire.GenerationConfig(request.settings))
        #expect(Array(GeminiProvider.body(for: request)) == Self.encoded(wire))
    }

    @Test func aNumberTheEncoderRefusesIsLeftToIt() {
        let content = [Wire.Content(role: "user", parts: [Wire.Part(text: "p")])]
        #expect(Wire.Request(contents: content, generationConfig: Self.config(GenerationSettings(temperature: .nan))).compactJSON() == nil)
        #expect(Wire.Request(contents: content, generationConfig: Self.config(GenerationSettings(topP: .infinity))).compactJSON() == nil)
    }
}
