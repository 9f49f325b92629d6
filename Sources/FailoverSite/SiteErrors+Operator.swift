import FailoverCore

extension PublishError: OperatorError {
    public var disposition: ErrorDisposition { isUserError ? .user : .internalFault }
}

/// A template the operator supplied (`--templates`) that does not compile or render.
extension TemplateError: OperatorError {
    public var disposition: ErrorDisposition { .user }
}

extension SiteResources.NotFound: OperatorError {
    public var disposition: ErrorDisposition { .user }
}
