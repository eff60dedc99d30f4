import Foundation
import EvalKitSuite

extension VertexProvider: ReadinessProbing {
    /// An endpoint: `GET {base_url}/…/endpoints/{endpoint}` with at least one deployed model. A
    /// publisher model: one `generateContent` of one token.
    public func readiness(firstCase: ModelRequest) async -> Readiness {
        guard case .endpoint = config.resource else {
            do {
                _ = try await complete(ModelRequest(prompt: "Say OK.", settings: GenerationSettings(maxTokens: 1)))
                return Readiness(.ready, "answered a one-token request")
            } catch {
                return Readiness(error)
            }
        }
        let response: HTTPClient.Response
        do {
            response = try await send("GET", to: resourceURL, body: nil)
        } catch {
            return Readiness(error)
        }
        guard (200..<300).contains(response.status) else { return Readiness(error(for: response)) }
        let deployed = (try? JSONDecoder().decode(Endpoint.self, from: response.body))?.deployedModels ?? []
        guard !deployed.isEmpty else {
            return Readiness(.notReady, "\(redact.line(resourceDescription)) has no deployed model (still deploying, or undeployed)")
        }
        let names = deployed.compactMap { $0.displayName ?? $0.model }.map { redact.line($0) }
        let count = deployed.count == 1 ? "1 deployed model" : "\(deployed.count) deployed models"
        return Readiness(.ready, names.isEmpty ? count : "\(count): \(names.joined(separator: ", "))")
    }

    /// The fields of Vertex AI's Endpoint resource that readiness reads.
    private struct Endpoint: Decodable {
        struct DeployedModel: Decodable {
            var id: String?
            var model: String?
            var displayName: String?
        }

        var deployedModels: [DeployedModel]?
    }
}
