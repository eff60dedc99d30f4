import EvalKitSupport

extension CaseReport {
    /// Appends the case's `results.json` object, byte for byte as `JSONTextEncoder.encode(_:indent:)`
    /// writes it (keys sorted, nil fields as `null`), without building the encoder's tree: the
    /// spool of a large run writes one per case (SPEC §11).
    public func appendJSON(indent: Int, to out: inout [UInt8]) {
        var first = true
        func key(_ name: String) {
            out += first ? "{\n" : ",\n"
            first = false
            out += JSONTextEncoder.spaces(indent + 2)
            out.append(0x22)
            out += name
            out += "\" : "
        }
        func string(_ name: String, _ value: String?) {
            key(name)
            if let value { JSONString.appendQuoted(value, to: &out) } else { out += "null" }
        }
        func int(_ name: String, _ value: Int?) {
            key(name)
            out += value.map { String($0) } ?? "null"
        }
        func number(_ name: String, _ value: Double?) {
            key(name)
            if let value { JSONTextEncoder.appendNumber(value, to: &out) } else { out += "null" }
        }
        func bool(_ name: String, _ value: Bool?) {
            key(name)
            out += value.map { $0 ? "true" : "false" } ?? "null"
        }
        func strings(_ name: String, _ values: [String]) {
            key(name)
            guard !values.isEmpty else {
                out += "[]"
                return
            }
            out += "[\n"
            for (index, value) in values.enumerated() {
                out += JSONTextEncoder.spaces(indent + 4)
                JSONString.appendQuoted(value, to: &out)
                out += index == values.count - 1 ? "\n" : ",\n"
            }
            out += JSONTextEncoder.spaces(indent + 2)
            out += "]"
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
