# Сборка и публикация сайта на собственном сервере института.
#   make check                                      проверить данные
#   make build                                      собрать сайт в папку site/
#   make publish PUBLISH_TARGET=user@host:/var/www/omo/ SITE_URL=https://адрес-сайта/
#                                                   собрать и выложить rsync'ом
PYTHON ?= python3
PUBLISH_TARGET ?=

.PHONY: check build publish

check:
	$(PYTHON) -m generator check

build: check
	NO_MKDOCS_2_WARNING=1 $(PYTHON) -m mkdocs build --strict

# Адрес сайта — из SITE_URL или site_url в mkdocs.yml; с заготовкой example.org сборка для публикации
# (OMO_PUBLISH=1) останавливается с сообщением.
publish: check
	@test -n "$(PUBLISH_TARGET)" || { echo "Укажите, куда публиковать: make publish PUBLISH_TARGET=user@host:/var/www/omo/"; exit 1; }
	OMO_PUBLISH=1 NO_MKDOCS_2_WARNING=1 $(PYTHON) -m mkdocs build --strict
	rsync --archive --compress --delete --human-readable site/ "$(PUBLISH_TARGET)"
