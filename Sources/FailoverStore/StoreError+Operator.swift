import FailoverCore

extension StoreError: OperatorError {
    public var disposition: ErrorDisposition {
        if isTemporary { return .temporary }
        return isUserError ? .user : .internalFault
    }
}
