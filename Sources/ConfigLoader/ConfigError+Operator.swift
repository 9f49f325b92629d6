import FailoverCore

extension ConfigError: OperatorError {
    package var disposition: ErrorDisposition { .user }
    package var operatorLines: [String] { lines }
}
