"""The council tax change journeys (each a request type whose cases go to the revenues
system): see ``base``."""
