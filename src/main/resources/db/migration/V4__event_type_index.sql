-- The Event Log API filtered by object_type alone had no index in its order: it walked
-- (organization_id, object_type, action, ...) per action, or the organization's whole index,
-- and threw rows away. The benchmark's P4 (10 M events) saw 7,400 rows discarded per page for a
-- type holding 1 % of an organization's events; this index reads exactly the page.
CREATE INDEX event_org_type_updated ON event (organization_id, object_type, date_updated DESC, id DESC);
