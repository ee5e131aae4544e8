"""The children-and-family specifics: referrals, §11 advice, §50 investigations,
measures, placements and the needs of families."""
