import EvalKitSupport

extension GeminiProvider.Wire.Request {
    /// The body as `JSONEncoder` with sorted keys writes it, written by hand; nil when a number is
    /// not finite, which the encoder refuses.
    func compactJSON() -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(160 + (contents + (systemInstruction.map { [$0] } ?? [])).reduce(0) { $0 + $1.textBytes + 32 })
        // The keys in sorted order.
        out += "{\"contents\":["
        for (index, content) in contents.enumerated() {
            if index > 0 { out.append(0x2C) }
            content.append(to: &out)
        }
        out.append(0x5D)
        if let generationConfig {
            out += ",\"generationConfig\":"
            guard generationConfig.append(to: &out) else { return nil }
        }
        if let systemInstruction {
            out += ",\"systemInstruction\":"
            systemInstruction.append(to: &out)
        }
        out.append(0x7D)
        return out
    }
}

private extension GeminiProvider.Wire.Content {
    var textBytes: Int {
        (parts ?? []).reduce(0) { $0 + ($1.text?.utf8.count ?? 0) }
    }

    func append(to out: inout [UInt8]) {
        var object = CompactJSON.Object()
        func key(_ name: String) { object.key(name, to: &out) }
        if let parts {
            key("parts")
            out.append(0x5B)
            for (index, part) in parts.enumerated() {
                if index > 0 { out.append(0x2C) }
                part.append(to: &out)
            }
            out.append(0x5D)
        }
        if let role {
            key("role")
            CompactJSON.appendString(role, to: &out)
        }
        object.close(&out)
    }
}

private extension GeminiProvider.Wire.Part {
    func append(to out: inout [UInt8]) {
        var object = CompactJSON.Object()
        func key(_ name: String) { object.key(name, to: &out) }
        if let text {
            key("text")
            CompactJSON.appendString(text, to: &out)
        }
        if let thought {
            key("thought")
            out += thought ? "true" : "false"
        }
        object.close(&out)
    }
}

private extension GeminiProvider.Wire.GenerationConfig {
    /// False, with `out` left partly written, for a number the encoder refuses.
    func append(to out: inout [UInt8]) -> Bool {
        var object = CompactJSON.Object()
        func key(_ name: String) { object.key(name, to: &out) }
        if let maxOutputTokens {
            key("maxOutputTokens")
            out += String(maxOutputTokens)
        }
        if let seed {
            key("seed")
            out += String(seed)
        }
        if let stopSequences {
            key("stopSequences")
            CompactJSON.appendStrings(stopSequences, to: &out)
        }
        if let temperature {
            key("temperature")
            guard CompactJSON.appendNumber(temperature, to: &out) else { return false }
        }
        if let topK {
            key("topK")
            out += String(topK)
        }
        if let topP {
            key("topP")
            guard CompactJSON.appendNumber(topP, to: &out) else { return false }
        }
        object.close(&out)
        return true
    }
}
