import Config

config :shop, :ash_domains, [Shop.Accounts, Shop.Blog]

config :phoenix, :json_library, Jason
