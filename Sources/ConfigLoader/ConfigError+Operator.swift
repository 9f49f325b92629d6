import FailoverCore

extension ConfigError: OperatorError {
    public var disposition: ErrorDisposition { .user }
}
