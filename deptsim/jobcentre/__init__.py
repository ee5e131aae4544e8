"""The job centre: citizens on benefits and the caseworkers who follow them (docs/ODD.md, "The job centre").

The second kind of department on the same workforce (deptsim.workforce): the caseworkers, their strain,
sickness, resignations, hiring, mentoring and ways of coping are the children-and-family department's, reused;
what is the job centre's own is here: the citizens (`citizens`), who enters (`inflow`), the meetings and the
hours they take (`contact`), how far each citizen is from work (`distance`), who leaves and where to (`exits`),
and what the benefits cost (`model.record`). The case is Silkeborg's job centre (DOMAIN.md, article 003).
"""

from deptsim.jobcentre.model import JobCentreModel
from deptsim.jobcentre.parameters import JobCentreParameters
from deptsim.jobcentre.results import JobCentreResult, simulate

__all__ = ["JobCentreModel", "JobCentreParameters", "JobCentreResult", "simulate"]
