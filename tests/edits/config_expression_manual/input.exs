import Config

config :shop, ash_domains: domains()
