import EvalKitSupport

extension CaseReport {
    /// Appends the case's `results.json` object, byte for byte as `JSONTextEncoder.encode(_:indent:)`
    /// writes it (keys sorted, nil fields as `null`), without building the encoder's tree: the
    /// spool of a large run writes one per case (SPEC §11).
    public func appendJSON(indent: Int, to out: inout [UInt8]) {
        var first = true
        let keyIndent = JSONTextEncoder.spaceBytes(indent + 2)
        func key(_ name: StaticString) {
            out.append(literal: first ? "{\n" : ",\n")
            first = false
            out += keyIndent
            out.append(0x22)
            out.append(literal: name)
            out.append(literal: "\" : ")
        }
        func null() {
            out.append(literal: "null")
        }
        func string(_ name: StaticString, _ value: String?) {
            key(name)
            if let value { JSONString.appendQuoted(value, to: &out) } else { null() }
        }
        func int(_ name: StaticString, _ value: Int?) {
            key(name)
            if let value { out += String(value) } else { null() }
        }
        func number(_ name: StaticString, _ value: Double?) {
            key(name)
            if let value { JSONTextEncoder.appendNumber(value, to: &out) } else { null() }
        }
        func bool(_ name: StaticString, _ value: Bool?) {
            key(name)
            if let value { out.append(literal: value ? "true" : "false") } else { null() }
        }
        func strings(_ name: StaticString, _ values: [String]) {
            key(name)
            guard !values.isEmpty else {
                out.append(literal: "[]")
                return
            }
            out.append(literal: "[\n")
            for (index, value) in values.enumerated() {
                out += JSONTextEncoder.spaceBytes(indent + 4)
                JSONString.appendQuoted(value, to: &out)
                out.append(literal: index == values.count - 1 ? "\n" : ",\n")
            }
            out += keyIndent
            out.append(0x5D)
        }
        // The keys in the order the encoder sorts them into.
        if batch { bool("batch", batch) }
        if let cached {
            int("cache_hits", cacheHits)
            int("cache_misses", cacheMisses)
            bool("cached", cached)
        }
        if let cost {
            key("cost")
            JSONTextEncoder.append(cost, indent: indent + 2, to: &out)
        }
        string("details", details)
        number("duration_s", durationSeconds)
        string("error_kind", errorKind?.rawValue)
        string("failure_type", failureType?.rawValue)
        string("finish_reason", finishReason)
        bool("flaky", flaky)
        string("golden", golden.rawValue)
        string("golden_diff", goldenDiff)
        string("golden_output", goldenOutput)
        string("id", id)
        int("index", index)
        number("latency_ms", latencyMs)
        string("matcher_verdict", matcherVerdict?.rawValue)
        strings("messages", messages)
        string("model_version", modelVersion)
        string("outcome", outcome.rawValue)
        string("output", output)
        bool("output_changed", outputChanged)
        int("passes", passes)
        string("prompt", prompt)
        string("reason", reason?.rawValue)
        int("retries", retries)
        if reused { bool("reused", reused) }
        key("sample_results")
        if sampleResults.isEmpty { out += "[]" } else { JSONTextEncoder.append(sampleResults, indent: indent + 2, to: &out) }
        int("samples", samples)
        string("system", system)
        strings("tags", tags)
        string("transition", transition?.rawValue)
        bool("truncated", truncated)
        key("usage")
        if let usage {
            out += "{\n"
            out += JSONTextEncoder.spaces(indent + 4)
            out += "\"completion_tokens\" : "
            out += String(usage.completionTokens)
            out += ",\n"
            out += JSONTextEncoder.spaces(indent + 4)
            out += "\"prompt_tokens\" : "
            out += String(usage.promptTokens)
            out += "\n"
            out += JSONTextEncoder.spaces(indent + 2)
            out += "}"
        } else {
            out += "null"
        }
        out += "\n"
        out += JSONTextEncoder.spaces(indent)
        out += "}"
    }
}
