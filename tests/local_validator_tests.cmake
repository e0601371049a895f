# The embedded validator (core only) and its panel (offscreen widgets), over real HTTP on loopback.
keywarden_add_test(TestEmbeddedValidator DATABASE)
keywarden_add_test(TestLocalValidatorPanel DATABASE LIBS keywarden_views)
