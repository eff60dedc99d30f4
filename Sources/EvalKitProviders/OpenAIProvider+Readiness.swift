import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension OpenAIProvider: ReadinessProbing {
    /// `GET {base_url}/models/{model}`; when the server does not answer that, the model among
    /// `GET {base_url}/models`.
    public func readiness(firstCase: ModelRequest) async -> Readiness {
        let address = endpoint.absoluteString
        let root = String(address.dropLast(api == .chat ? "/chat/completions".count : "/completions".count))
        guard let models = URL(string: "\(root)/models"),
              let one = URL(string: "\(root)/models/\(model.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? model)")
        else {
            return Readiness(.error, "cannot build the models URL of \(redact.line(root))")
        }
        let single: HTTPClient.Response
        do {
            single = try await get(one)
        } catch {
            return Readiness(error)
        }
        switch single.status {
        case 200..<300:
            return Readiness(.ready, "model \(redact.line(model)) is served")
        case 401, 403:
            return authFailed(single)
        default:
            break
        }
        let list: HTTPClient.Response
        do {
            list = try await get(models)
        } catch {
            return Readiness(error)
        }
        switch list.status {
        case 200..<300:
            let ids = ((try? JSONDecoder().decode(ModelList.self, from: list.body))?.data ?? []).compactMap(\.id)
            if ids.contains(model) { return Readiness(.ready, "model \(redact.line(model)) is listed by GET /models") }
            let shown = ids.prefix(5).map { redact.line($0) }.joined(separator: ", ") + (ids.count > 5 ? ", …" : "")
            return Readiness(.notFound, "model \(redact.line(model)) is not among the \(ids.count) models the server lists\(ids.isEmpty ? "" : " (\(shown))")")
        case 401, 403:
            return authFailed(list)
        case 404:
            return Readiness(.notFound, "the server answers neither GET /models/\(redact.line(model)) (HTTP \(single.status)) nor GET /models (HTTP 404): check base_url")
        default:
            return Readiness(.error, "GET /models: HTTP \(list.status)\(said(list))")
        }
    }

    private func get(_ url: URL) async throws(ProviderError) -> HTTPClient.Response {
        var request = URLRequest(url: url)
        request.httpMethod = "GET"
        if let apiKey { request.setValue("Bearer \(apiKey)", forHTTPHeaderField: "Authorization") }
        return try await client.send(request)
    }

    private func authFailed(_ response: HTTPClient.Response) -> Readiness {
        let fix = keyVariable.map { "check the key in \($0)" } ?? "no api_key_env is set, so no key was sent; set api_key_env"
        return Readiness(.authFailed, "the server rejected the request (HTTP \(response.status)): \(fix)\(said(response))")
    }

    private func said(_ response: HTTPClient.Response) -> String {
        ProviderError.serverMessage(in: response.body).map { ": \(redact.line($0))" } ?? ""
    }

    private struct ModelList: Decodable {
        struct Model: Decodable {
            var id: String?
        }

        var data: [Model]?
    }
}
