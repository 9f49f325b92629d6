import FailoverCore

extension SiteSnapshot {
    /// The site's own id (the Statuspage page id, the Atom feed's id without a `base_url`): twelve hex
    /// digits derived from where the site lives (`service.base_url`), or from its title when it has no
    /// address, so it stays the same from one render to the next and differs between two fleets.
    var siteID: String {
        String(ContentDigest.hex(fleet.service.baseURL ?? fleet.service.siteTitle).prefix(12))
    }
}
