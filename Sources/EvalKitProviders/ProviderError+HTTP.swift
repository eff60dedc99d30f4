import Foundation

extension ProviderError {
    /// The kind SPEC §6 gives an HTTP error status: 408, 429 and 5xx gateways are transient; 401,
    /// 403 and 404 fatal (the endpoint rejected the configuration); the rest permanent.
    static func kind(forStatus status: Int) -> Kind {
        switch status {
        case 408, 429, 500, 502, 503, 504: .transient
        case 401, 403, 404: .fatal
        default: .permanent
        }
    }

    /// Seconds from a `Retry-After` header: delay-seconds (decimal digits only, RFC 9110 §10.2.3),
    /// or an HTTP-date (past dates give 0). Anything else (`0x1p6`, `1e3`, `-5`, `1.5`) is no delay.
    static func retryAfter(header: String?, now: Date = Date()) -> Double? {
        guard let value = header?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if value.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            return Double(value)
        }
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            if let date = formatter.date(from: value) { return max(0, date.timeIntervalSince(now)) }
        }
        return nil
    }

    /// Seconds from a protobuf JSON duration such as Gemini's `RetryInfo.retryDelay` (`"30s"`, `"1.5s"`).
    static func seconds(fromDuration text: String?) -> Double? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), text.hasSuffix("s"), let value = Double(text.dropLast()), value >= 0 else { return nil }
        return value
    }
}

extension ProviderError {
    /// The human part of an error body: `error.message`, `error` as text, `message` or `detail`; else
    /// the whole body if it is UTF-8 text. Never cut here: the caller redacts it whole, then cuts.
    static func serverMessage(in body: Data) -> String? {
        if let json = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) {
            let object = (json as? [String: Any]) ?? ((json as? [Any])?.first as? [String: Any])
            if let error = object?["error"] as? [String: Any], let message = error["message"] as? String { return message }
            for key in ["error", "message", "detail"] {
                if let message = object?[key] as? String { return message }
            }
            return nil
        }
        guard !body.isEmpty else { return nil }
        return String(validating: body, as: UTF8.self)
    }

    /// The error for a 2xx body that could not be decoded: text that is not UTF-8, malformed JSON,
    /// or JSON of an unexpected shape.
    static func undecodable(_ error: any Error, from provider: String, body: Data) -> ProviderError {
        let bytes = body.count
        if String(validating: body, as: UTF8.self) == nil {
            return ProviderError(.permanent, "\(provider) sent a body that is not valid UTF-8 (\(bytes) bytes)")
        }
        if case DecodingError.dataCorrupted(let context) = error, context.codingPath.isEmpty {
            return ProviderError(.permanent, "\(provider) sent malformed JSON (\(bytes) bytes)")
        }
        var path = ""
        switch error {
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context), DecodingError.dataCorrupted(let context):
            path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        case DecodingError.keyNotFound(let key, let context):
            path = (context.codingPath + [key]).map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        default:
            break
        }
        return ProviderError(.permanent, "\(provider) sent a response of an unexpected shape\(path.isEmpty ? "" : " (at \(path))")")
    }
}
