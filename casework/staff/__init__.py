"""The staff back office for cases: queue, case page, people, deliveries."""
