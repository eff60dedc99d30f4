import Foundation

extension ModelResponder {
    /// The `modelVersion` a tuned endpoint answers with unless `--model-version` says otherwise.
    static let tunedEndpointVersion = "gemini-2.5-flash-001"

    /// Vertex AI: `generateContent` on an endpoint or a publisher model, or `GET` of an endpoint.
    ///
    /// The bearer token is checked first (401 `UNAUTHENTICATED`). An endpoint or model named
    /// `missing*` is 404; an endpoint named `creating*` or `empty*` has no deployed model, so it
    /// reads with no `deployedModels` and refuses `generateContent` (400 `FAILED_PRECONDITION`).
    func vertex(_ request: FakeModelServer.RecordedRequest, resource: VertexResource, generate: Bool) -> Reply {
        if let token = requiredToken ?? requiredKey, request.header("Authorization") != "Bearer \(token)" {
            return geminiError(401, "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.")
        }
        let name: String
        switch resource.kind {
        case .endpoint(let id): name = id
        case .publisherModel(_, let model): name = model
        }
        let lowered = name.lowercased()
        if lowered.hasPrefix("missing") {
            switch resource.kind {
            case .endpoint: return geminiError(404, "NOT_FOUND", "Endpoint `\(resource.name)` not found.")
            case .publisherModel: return geminiError(404, "NOT_FOUND", "Publisher Model `\(resource.name)` was not found or your project does not have access to it.")
            }
        }
        let undeployed = lowered.hasPrefix("creating") || lowered.hasPrefix("empty")
        guard generate else {
            guard request.method == "GET", case .endpoint(let id) = resource.kind else {
                return geminiError(404, "NOT_FOUND", "no such endpoint")
            }
            return endpointResource(resource, id: id, deployed: !undeployed)
        }
        guard request.method == "POST" else { return geminiError(405, "METHOD_NOT_ALLOWED", "use POST") }
        if case .endpoint = resource.kind, undeployed {
            return geminiError(400, "FAILED_PRECONDITION", "Endpoint `\(resource.name)` has no deployed model.")
        }
        let version: String
        switch resource.kind {
        case .endpoint: version = modelVersion ?? Self.tunedEndpointVersion
        case .publisherModel(_, let model): version = modelVersion ?? model
        }
        let extra = #", "createTime": "2026-01-01T00:00:00.000000Z", "responseId": "fake-model-response""#
        return generateContent(request, behaviour: Behaviour(model: name), version: version, extra: extra)
    }

    /// An Endpoint resource as `GET …/endpoints/{id}` returns it.
    private func endpointResource(_ resource: VertexResource, id: String, deployed: Bool) -> Reply {
        let place = "projects/\(resource.project)/locations/\(resource.location)"
        let models = deployed ? """
            "deployedModels": [{"id": "1", "model": \(Self.json("\(place)/models/tuned-\(id)")), "modelVersionId": "1", \
            "displayName": \(Self.json("tuned-\(id)")), "createTime": "2026-01-01T00:00:00.000000Z"}], \
            "trafficSplit": {"1": 100}, 
            """ : ""
        return Reply(status: 200, body: """
            {"name": \(Self.json(resource.name)), "displayName": \(Self.json(id)), \(models)\
            "etag": "fake", "createTime": "2026-01-01T00:00:00.000000Z", "updateTime": "2026-01-01T00:00:00.000000Z"}
            """)
    }

    /// `GET …/models/{m}` and `GET …/tunedModels/{m}`: Gemini's Model or TunedModel, and for a
    /// plain model OpenAI's model object too (both APIs read the one body). A tuned model named
    /// `creating*` is in state `CREATING`, `failed*` in `FAILED`, any other `ACTIVE`; `missing*` is 404.
    func getModel(_ request: FakeModelServer.RecordedRequest, name: String, tuned: Bool) -> Reply {
        if let requiredKey, request.header("x-goog-api-key") != requiredKey, request.header("Authorization") != "Bearer \(requiredKey)" {
            return geminiError(401, "UNAUTHENTICATED", "API key not valid. Please pass a valid API key.")
        }
        let lowered = name.lowercased()
        if lowered.hasPrefix("missing") {
            let resource = tuned ? "tunedModels/\(name)" : "models/\(name)"
            return Reply(status: 404, body: """
                {"error": {"code": 404, "message": \(Self.json("\(resource) is not found.")), "status": "NOT_FOUND", \
                "type": "invalid_request_error", "param": null}}
                """)
        }
        if tuned {
            let state = lowered.hasPrefix("creating") ? "CREATING" : lowered.hasPrefix("failed") ? "FAILED" : "ACTIVE"
            return Reply(status: 200, body: """
                {"name": \(Self.json("tunedModels/\(name)")), "displayName": \(Self.json(name)), \
                "baseModel": "models/gemini-1.5-flash-001-tuning", "state": "\(state)", \
                "createTime": "2026-01-01T00:00:00.000000Z", "updateTime": "2026-01-01T00:00:00.000000Z"}
                """)
        }
        return Reply(status: 200, body: """
            {"name": \(Self.json("models/\(name)")), "version": "001", "displayName": \(Self.json(name)), \
            "supportedGenerationMethods": ["generateContent"], \
            "id": \(Self.json(name)), "object": "model", "created": 0, "owned_by": "fake-model"}
            """)
    }
}
