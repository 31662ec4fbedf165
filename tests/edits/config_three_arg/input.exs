import Config

config :shop, :ash_domains, [Shop.Accounts]

config :phoenix, :json_library, Jason
