import Config

config :shop, ash_domains: [Shop.Accounts, Shop.Catalog, Shop.Orders, Shop.Inventory]
