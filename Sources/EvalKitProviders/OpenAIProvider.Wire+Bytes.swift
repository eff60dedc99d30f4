import EvalKitSupport
import Foundation

extension OpenAIProvider.Wire.Response {
    /// The plain shape read straight from the bytes, what `init?(plain:)` reads without its tree
    /// and several times cheaper; nil for anything else (a field of another type, a repeated or
    /// escaped key, bytes that are not UTF-8), which `init?(plain:)` then reads.
    init?(bytes body: Data) {
        var choices: [Choice]?
        var usage: Usage?
        var model: String?
        var fingerprint: String?
        let read = body.withUnsafeBytes { raw -> Bool in
            guard JSONByteReader.isUTF8(raw) else { return false }
            var reader = JSONByteReader(raw)
            return reader.object { reader, key in
                if JSONByteReader.key(key, is: "choices") {
                    if reader.null() { return true }
                    var items: [Choice] = []
                    guard reader.array({ reader in
                        guard let choice = Choice(reader: &reader) else { return false }
                        items.append(choice)
                        return true
                    }) else { return false }
                    choices = items
                    return true
                }
                if JSONByteReader.key(key, is: "usage") { return reader.optional(&usage, Usage.init(reader:)) }
                if JSONByteReader.key(key, is: "model") { return reader.optionalString(&model) }
                if JSONByteReader.key(key, is: "system_fingerprint") { return reader.optionalString(&fingerprint) }
                return reader.skip()
            } && reader.atEnd()
        }
        guard read else { return nil }
        self.choices = choices
        self.usage = usage
        self.model = model
        self.systemFingerprint = fingerprint
    }
}

extension OpenAIProvider.Wire.Response.Choice {
    init?(reader: inout JSONByteReader) {
        var message: Message?
        var text: String?
        var finish: String?
        guard reader.object({ reader, key in
            if JSONByteReader.key(key, is: "message") { return reader.optional(&message, Message.init(reader:)) }
            if JSONByteReader.key(key, is: "text") { return reader.optionalString(&text) }
            if JSONByteReader.key(key, is: "finish_reason") { return reader.optionalString(&finish) }
            return reader.skip()
        }) else { return nil }
        self.message = message
        self.text = text
        self.finishReason = finish
    }
}

extension OpenAIProvider.Wire.Response.Choice.Message {
    init?(reader: inout JSONByteReader) {
        var content: String?
        var refusal: String?
        guard reader.object({ reader, key in
            if JSONByteReader.key(key, is: "content") { return reader.optionalString(&content) }
            if JSONByteReader.key(key, is: "refusal") { return reader.optionalString(&refusal) }
            return reader.skip()
        }) else { return nil }
        self.content = content.map(OpenAIProvider.Wire.Content.init(text:))
        self.refusal = refusal
    }
}

extension OpenAIProvider.Wire.Response.Usage {
    init?(reader: inout JSONByteReader) {
        var prompt: Int?
        var completion: Int?
        guard reader.object({ reader, key in
            if JSONByteReader.key(key, is: "prompt_tokens") { return reader.optionalInt(&prompt) }
            if JSONByteReader.key(key, is: "completion_tokens") { return reader.optionalInt(&completion) }
            return reader.skip()
        }) else { return nil }
        promptTokens = prompt
        completionTokens = completion
    }
}

private extension JSONByteReader {
    /// Reads null, or what `read` reads, into `value`; false when `read` fails.
    mutating func optional<Value>(_ value: inout Value?, _ read: (inout JSONByteReader) -> Value?) -> Bool {
        if null() { return true }
        guard let read = read(&self) else { return false }
        value = read
        return true
    }

    /// Reads a string or null into `value`; false for anything else.
    mutating func optionalString(_ value: inout String?) -> Bool {
        if null() { return true }
        guard let text = string() else { return false }
        value = text
        return true
    }

    /// Reads null, or a number written as a plain integer that fits an `Int`, into `value`.
    mutating func optionalInt(_ value: inout Int?) -> Bool {
        if null() { return true }
        guard let text = number(), let number = Int(text) else { return false }
        value = number
        return true
    }
}

extension OpenAIProvider.Wire.Request {
    /// The body as `JSONEncoder` with sorted keys writes it, written by hand; nil when a number is
    /// not finite, which the encoder refuses.
    func compactJSON() -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(128 + model.utf8.count + (prompt?.utf8.count ?? 0) + (messages ?? []).reduce(0) { $0 + $1.content.utf8.count + 32 })
        var object = CompactJSON.Object()
        func key(_ name: String) { object.key(name, to: &out) }
        // The keys in sorted order.
        if let maxTokens {
            key("max_tokens")
            out += String(maxTokens)
        }
        if let messages {
            key("messages")
            out.append(0x5B)
            for (index, message) in messages.enumerated() {
                out += index == 0 ? "{\"content\":" : ",{\"content\":"
                CompactJSON.appendString(message.content, to: &out)
                out += ",\"role\":"
                CompactJSON.appendString(message.role, to: &out)
                out.append(0x7D)
            }
            out.append(0x5D)
        }
        key("model")
        CompactJSON.appendString(model, to: &out)
        if let prompt {
            key("prompt")
            CompactJSON.appendString(prompt, to: &out)
        }
        if let seed {
            key("seed")
            out += String(seed)
        }
        if let stop {
            key("stop")
            CompactJSON.appendStrings(stop, to: &out)
        }
        if let temperature {
            key("temperature")
            guard CompactJSON.appendNumber(temperature, to: &out) else { return nil }
        }
        if let topK {
            key("top_k")
            out += String(topK)
        }
        if let topP {
            key("top_p")
            guard CompactJSON.appendNumber(topP, to: &out) else { return nil }
        }
        out.append(0x7D)
        return out
    }
}
