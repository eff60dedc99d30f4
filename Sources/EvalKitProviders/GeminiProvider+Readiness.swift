import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension GeminiProvider: ReadinessProbing {
    /// The sentence for a Gemini API 404 of a tuned model (SPEC §10.4).
    static let retiredTunedModels = "Gemini API tuned models were retired; tuned Gemini models are served by Vertex AI (provider: vertex)"

    /// `GET {base_url}/{model}`: the model exists; a tuned model must be in state `ACTIVE`.
    public func readiness(firstCase: ModelRequest) async -> Readiness {
        guard let url = URL(string: endpoint.absoluteString.replacingOccurrences(of: ":generateContent", with: "")) else {
            return Readiness(.error, "cannot build the URL of \(redact.line(model))")
        }
        var request = URLRequest(url: url)
        request.httpMethod = "GET"
        request.setValue(apiKey, forHTTPHeaderField: "x-goog-api-key")
        let response: HTTPClient.Response
        do {
            response = try await client.send(request)
        } catch {
            return Readiness(error)
        }
        let tuned = model.hasPrefix("tunedModels/")
        let said = Self.errorParts(of: response, redact: redact).said
        switch response.status {
        case 200..<300:
            guard tuned else { return Readiness(.ready, "model \(redact.line(model)) exists") }
            let state = (try? JSONDecoder().decode(TunedModel.self, from: response.body))?.state ?? "unknown"
            return state == "ACTIVE"
                ? Readiness(.ready, "tuned model is ACTIVE")
                : Readiness(.notReady, "tuned model is in state \(redact.line(state)), not ACTIVE")
        case 401, 403:
            return Readiness(.authFailed, "Gemini rejected the key in \(keyVariable) (HTTP \(response.status))\(said)")
        case 404 where tuned:
            return Readiness(.notFound, "\(redact.line(model)) was not found (HTTP 404): \(Self.retiredTunedModels)")
        case 404:
            return Readiness(.notFound, "model \(redact.line(model)) does not exist or was retired (HTTP 404)\(said)")
        default:
            return Readiness(.error, "Gemini HTTP \(response.status)\(said)")
        }
    }

    private struct TunedModel: Decodable {
        var state: String?
    }
}
