<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ApiKeyFormat</name>
    <message>
        <source>this is a well-formed KeyWarden key</source>
        <translation>dies ist ein korrekt aufgebauter KeyWarden-Schlüssel</translation>
    </message>
    <message>
        <source>no key was given</source>
        <translation>es wurde kein Schlüssel angegeben</translation>
    </message>
    <message>
        <source>this is not a KeyWarden key: wrong prefix (keys start with &quot;pk_&quot;)</source>
        <translation>dies ist kein KeyWarden-Schlüssel: falsches Präfix (Schlüssel beginnen mit „pk_“)</translation>
    </message>
    <message>
        <source>this is not a KeyWarden key: unknown environment (expected pk_live_, pk_test_ or pk_admin_)</source>
        <translation>dies ist kein KeyWarden-Schlüssel: unbekannte Umgebung (erwartet: pk_live_, pk_test_ oder pk_admin_)</translation>
    </message>
    <message>
        <source>this is not a KeyWarden key: wrong length (a live or test key has 57 characters)</source>
        <translation>dies ist kein KeyWarden-Schlüssel: falsche Länge (ein Live- oder Testschlüssel hat 57 Zeichen)</translation>
    </message>
    <message>
        <source>this is not a KeyWarden key: it contains characters a key never has</source>
        <translation>dies ist kein KeyWarden-Schlüssel: er enthält Zeichen, die in einem Schlüssel nie vorkommen</translation>
    </message>
    <message>
        <source>this is not a valid KeyWarden key: the checksum does not match (mistyped or truncated?)</source>
        <translation>dies ist kein gültiger KeyWarden-Schlüssel: die Prüfsumme stimmt nicht (vertippt oder abgeschnitten?)</translation>
    </message>
</context>
<context>
    <name>ApiKeyRepository</name>
    <message>
        <source>no such API key</source>
        <translation>dieser API-Schlüssel existiert nicht</translation>
    </message>
    <message>
        <source>no API key with id %1</source>
        <translation>kein API-Schlüssel mit der ID %1</translation>
    </message>
    <message>
        <source>database error: %1</source>
        <translation>Datenbankfehler: %1</translation>
    </message>
    <message>
        <source>API key %1 was already revoked on %2</source>
        <translation>der API-Schlüssel %1 wurde bereits am %2 widerrufen</translation>
    </message>
</context>
<context>
    <name>ApiKeyService</name>
    <message>
        <source>no API key was given</source>
        <translation>es wurde kein API-Schlüssel angegeben</translation>
    </message>
    <message>
        <source>the API key is not valid</source>
        <translation>der API-Schlüssel ist ungültig</translation>
    </message>
    <message>
        <source>the API key %1 has been revoked</source>
        <translation>der API-Schlüssel %1 wurde widerrufen</translation>
    </message>
    <message>
        <source>the API key %1 expired on %2</source>
        <translation>der API-Schlüssel %1 ist am %2 abgelaufen</translation>
    </message>
    <message>
        <source>the API key %1 is not active</source>
        <translation>der API-Schlüssel %1 ist nicht aktiv</translation>
    </message>
    <message>
        <source>the organization &quot;%1&quot; is not active</source>
        <translation>die Organisation „%1“ ist nicht aktiv</translation>
    </message>
    <message>
        <source>the organization &quot;%1&quot; already has %2 of its %3 allowed keys (plan %4): revoke one or raise the cap</source>
        <translation>die Organisation „%1“ hat bereits %2 ihrer %3 erlaubten Schlüssel (Tarif %4): widerrufen Sie einen Schlüssel oder erhöhen Sie die Obergrenze</translation>
    </message>
    <message>
        <source>key name</source>
        <translation>Schlüsselname</translation>
    </message>
    <message>
        <source>an organization&apos;s key is either live or test</source>
        <translation>der Schlüssel einer Organisation ist entweder Live oder Test</translation>
    </message>
    <message>
        <source>the expiry must be between 1 and %1 days</source>
        <translation>die Gültigkeitsdauer muss zwischen 1 und %1 Tagen liegen</translation>
    </message>
    <message>
        <source>the key&apos;s rate limit must be between %1 and %2 requests per minute</source>
        <translation>das Ratenlimit des Schlüssels muss zwischen %1 und %2 Anfragen pro Minute liegen</translation>
    </message>
    <message>
        <source>the organization &quot;%1&quot; is not active: reactivate it before creating keys</source>
        <translation>die Organisation „%1“ ist nicht aktiv: reaktivieren Sie sie, bevor Sie Schlüssel erstellen</translation>
    </message>
    <message>
        <source>the grace period must be between 0 and %1 hours</source>
        <translation>die Übergangsfrist muss zwischen 0 und %1 Stunden liegen</translation>
    </message>
    <message>
        <source>the key %1 is revoked; create a new key instead</source>
        <translation>der Schlüssel %1 ist widerrufen; erstellen Sie stattdessen einen neuen Schlüssel</translation>
    </message>
    <message>
        <source>the key %1 has expired; create a new key instead</source>
        <translation>der Schlüssel %1 ist abgelaufen; erstellen Sie stattdessen einen neuen Schlüssel</translation>
    </message>
    <message>
        <source>the key %1 is well-formed but unknown to this database</source>
        <translation>der Schlüssel %1 ist korrekt aufgebaut, aber in dieser Datenbank unbekannt</translation>
    </message>
    <message>
        <source>a masked key looks like pk_live_AbCd…wxyz: the key prefix with four characters, an ellipsis and the last four characters</source>
        <translation>ein maskierter Schlüssel sieht so aus: pk_live_AbCd…wxyz – das Schlüsselpräfix mit vier Zeichen, ein Auslassungszeichen und die letzten vier Zeichen</translation>
    </message>
    <message>
        <source>no key of this database matches %1</source>
        <translation>kein Schlüssel in dieser Datenbank passt zu %1</translation>
    </message>
    <message>
        <source>the date range is not valid: the start must not be after the end</source>
        <translation>der Zeitraum ist ungültig: der Anfang darf nicht nach dem Ende liegen</translation>
    </message>
    <message>
        <source>the date range is too long (at most ten years)</source>
        <translation>der Zeitraum ist zu lang (höchstens zehn Jahre)</translation>
    </message>
    <message>
        <source>the key %1 was already rolled to %2 (id %3); roll that key instead</source>
        <translation>der Schlüssel %1 wurde bereits durch %2 (ID %3) erneuert; erneuern Sie stattdessen diesen Schlüssel</translation>
    </message>
</context>
<context>
    <name>ApiKeyTableModel</name>
    <message>
        <source>Revoked by %1: %2</source>
        <translation>Widerrufen von %1: %2</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Nie</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Umgebung</translation>
    </message>
    <message>
        <source>Scopes</source>
        <translation>Bereiche</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Last used</source>
        <translation>Zuletzt verwendet</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Läuft ab</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Anfragen</translation>
    </message>
</context>
<context>
    <name>AuditLogModel</name>
    <message>
        <source>Organization created</source>
        <translation>Organisation erstellt</translation>
    </message>
    <message>
        <source>Organization changed</source>
        <translation>Organisation geändert</translation>
    </message>
    <message>
        <source>Key created</source>
        <translation>Schlüssel erstellt</translation>
    </message>
    <message>
        <source>Key revoked</source>
        <translation>Schlüssel widerrufen</translation>
    </message>
    <message>
        <source>Key rolled</source>
        <translation>Schlüssel erneuert</translation>
    </message>
    <message>
        <source>Invalid key attempt</source>
        <translation>Versuch mit ungültigem Schlüssel</translation>
    </message>
    <message>
        <source>Expired keys deleted</source>
        <translation>Abgelaufene Schlüssel gelöscht</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Was</translation>
    </message>
    <message>
        <source>Organization</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>IP address</source>
        <translation>IP-Adresse</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>AuditLogPanel</name>
    <message>
        <source>All events</source>
        <translation>Alle Ereignisse</translation>
    </message>
    <message>
        <source>&amp;Event:</source>
        <translation>&amp;Ereignis:</translation>
    </message>
    <message>
        <source>e.g. cli:alice</source>
        <translation>z. B. cli:alice</translation>
    </message>
    <message>
        <source>&amp;Who:</source>
        <translation>&amp;Wer:</translation>
    </message>
    <message>
        <source>&amp;Since:</source>
        <translation>&amp;Seit:</translation>
    </message>
    <message>
        <source>Only the selected &amp;organization</source>
        <translation>Nur die ausgewählte &amp;Organisation</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>No events match.</source>
        <translation>Keine passenden Ereignisse.</translation>
    </message>
    <message>
        <source>Showing the newest %1 events; narrow the filter to see older ones.</source>
        <translation>Die neuesten %1 Ereignisse werden angezeigt; schränken Sie den Filter ein, um ältere zu sehen.</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s).</source>
        <translation>
            <numerusform>%n Ereignis.</numerusform>
            <numerusform>%n Ereignisse.</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not load the audit log: %1</source>
        <translation>Das Prüfprotokoll konnte nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>Only &amp;%1</source>
        <translation>Nur &amp;%1</translation>
    </message>
    <message>
        <source>The name to search for must not contain control characters.</source>
        <translation>Der Suchbegriff darf keine Steuerzeichen enthalten.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
</context>
<context>
    <name>ConnectionDialog</name>
    <message>
        <source>Connect to Database</source>
        <translation>Mit Datenbank verbinden</translation>
    </message>
    <message>
        <source>&amp;Recent:</source>
        <translation>&amp;Zuletzt verwendet:</translation>
    </message>
    <message>
        <source>Embedded SQLite file</source>
        <translation>Eingebettete SQLite-Datei</translation>
    </message>
    <message>
        <source>PostgreSQL server</source>
        <translation>PostgreSQL-Server</translation>
    </message>
    <message>
        <source>&amp;Engine:</source>
        <translation>Datenbank&amp;typ:</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>Durch&amp;suchen…</translation>
    </message>
    <message>
        <source>Database &amp;file:</source>
        <translation>Datenbank&amp;datei:</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>&amp;Host:</translation>
    </message>
    <message>
        <source>P&amp;ort:</source>
        <translation>P&amp;ort:</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>Daten&amp;bank:</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>Ben&amp;utzer:</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>Pass&amp;wort:</translation>
    </message>
    <message>
        <source>&amp;SSL mode:</source>
        <translation>&amp;SSL-Modus:</translation>
    </message>
    <message>
        <source>Re&amp;member password in the system keychain</source>
        <translation>Passwort im System-Schlüsselbund &amp;merken</translation>
    </message>
    <message>
        <source>&amp;Test Connection</source>
        <translation>Verbindung &amp;prüfen</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Verbinden</translation>
    </message>
    <message>
        <source>No recent connections</source>
        <translation>Keine zuletzt verwendeten Verbindungen</translation>
    </message>
    <message>
        <source>Choose a recent connection…</source>
        <translation>Zuletzt verwendete Verbindung wählen…</translation>
    </message>
    <message>
        <source>No system keychain is available; KeyWarden will ask for the password each time.</source>
        <translation>Es ist kein System-Schlüsselbund verfügbar; KeyWarden fragt jedes Mal nach dem Passwort.</translation>
    </message>
    <message>
        <source>Choose a database file.</source>
        <translation>Wählen Sie eine Datenbankdatei.</translation>
    </message>
    <message>
        <source>The file path must not contain control characters.</source>
        <translation>Der Dateipfad darf keine Steuerzeichen enthalten.</translation>
    </message>
    <message>
        <source>The file path is too long.</source>
        <translation>Der Dateipfad ist zu lang.</translation>
    </message>
    <message>
        <source>Enter the full path of the database file (starting with /).</source>
        <translation>Geben Sie den vollständigen Pfad der Datenbankdatei ein (beginnend mit /).</translation>
    </message>
    <message>
        <source>%1 is a folder: choose a file in it.</source>
        <translation>%1 ist ein Ordner: Wählen Sie eine Datei darin.</translation>
    </message>
    <message>
        <source>The folder %1 does not exist.</source>
        <translation>Der Ordner %1 existiert nicht.</translation>
    </message>
    <message>
        <source>Enter the server&apos;s host name or IP address.</source>
        <translation>Geben Sie den Hostnamen oder die IP-Adresse des Servers ein.</translation>
    </message>
    <message>
        <source>The host name is too long (at most %1 characters).</source>
        <translation>Der Hostname ist zu lang (höchstens %1 Zeichen).</translation>
    </message>
    <message>
        <source>The host name must be a name such as db.example.com or an IP address, without spaces or control characters.</source>
        <translation>Der Hostname muss ein Name wie db.example.com oder eine IP-Adresse sein, ohne Leer- oder Steuerzeichen.</translation>
    </message>
    <message>
        <source>Enter the database name.</source>
        <translation>Geben Sie den Datenbanknamen ein.</translation>
    </message>
    <message>
        <source>The database name must not contain control characters.</source>
        <translation>Der Datenbankname darf keine Steuerzeichen enthalten.</translation>
    </message>
    <message>
        <source>The database name is too long (at most %1 bytes).</source>
        <translation>Der Datenbankname ist zu lang (höchstens %1 Byte).</translation>
    </message>
    <message>
        <source>Enter the user name.</source>
        <translation>Geben Sie den Benutzernamen ein.</translation>
    </message>
    <message>
        <source>The user name must not contain control characters.</source>
        <translation>Der Benutzername darf keine Steuerzeichen enthalten.</translation>
    </message>
    <message>
        <source>The user name is too long (at most %1 bytes).</source>
        <translation>Der Benutzername ist zu lang (höchstens %1 Byte).</translation>
    </message>
    <message>
        <source>The password must not contain control characters.</source>
        <translation>Das Passwort darf keine Steuerzeichen enthalten.</translation>
    </message>
    <message>
        <source>Choose Database File</source>
        <translation>Datenbankdatei wählen</translation>
    </message>
    <message>
        <source>SQLite databases (*.db *.sqlite *.sqlite3);;All files (*)</source>
        <translation>SQLite-Datenbanken (*.db *.sqlite *.sqlite3);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Wird geprüft…</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbindung wird hergestellt…</translation>
    </message>
    <message>
        <source>The data folder will be created and a new database set up when you connect.</source>
        <translation>Beim Verbinden werden der Datenordner angelegt und eine neue Datenbank eingerichtet.</translation>
    </message>
    <message>
        <source>The folder %1 is not writable.</source>
        <translation>In den Ordner %1 kann nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>No database file there yet: a new one will be set up when you connect.</source>
        <translation>Dort gibt es noch keine Datenbankdatei: Beim Verbinden wird eine neue eingerichtet.</translation>
    </message>
    <message>
        <source>Connected.</source>
        <translation>Verbunden.</translation>
    </message>
    <message>
        <source>Nothing answers at %1: is PostgreSQL running there, and is the port right?</source>
        <translation>Unter %1 antwortet nichts: Läuft dort PostgreSQL, und stimmt der Port?</translation>
    </message>
    <message>
        <source>The host name %1 could not be found.</source>
        <translation>Der Hostname %1 wurde nicht gefunden.</translation>
    </message>
    <message>
        <source>%1 did not answer in time: check the host, the port and any firewall.</source>
        <translation>%1 hat nicht rechtzeitig geantwortet: Prüfen Sie Host, Port und eventuelle Firewalls.</translation>
    </message>
    <message>
        <source>The server refused the user name or password.</source>
        <translation>Der Server hat den Benutzernamen oder das Passwort abgelehnt.</translation>
    </message>
    <message>
        <source>The user %1 does not exist on the server.</source>
        <translation>Den Benutzer %1 gibt es auf dem Server nicht.</translation>
    </message>
    <message>
        <source>The database %1 does not exist on the server.</source>
        <translation>Die Datenbank %1 gibt es auf dem Server nicht.</translation>
    </message>
    <message>
        <source>The server does not accept connections from this computer for this user and database (pg_hba.conf).</source>
        <translation>Der Server nimmt für diesen Benutzer und diese Datenbank keine Verbindungen von diesem Computer an (pg_hba.conf).</translation>
    </message>
    <message>
        <source>The SSL connection failed: check the SSL mode.</source>
        <translation>Die SSL-Verbindung ist fehlgeschlagen: Prüfen Sie den SSL-Modus.</translation>
    </message>
    <message>
        <source>The file is not a SQLite database.</source>
        <translation>Die Datei ist keine SQLite-Datenbank.</translation>
    </message>
    <message>
        <source>Could not connect: %1</source>
        <translation>Verbindung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>(Details: %1)</source>
        <translation>(Details: %1)</translation>
    </message>
    <message>
        <source>Cannot create the data folder %1.</source>
        <translation>Der Datenordner %1 kann nicht angelegt werden.</translation>
    </message>
</context>
<context>
    <name>CreateKeyCommand</name>
    <message>
        <source>New &amp;Key…</source>
        <translation>&amp;Neuer Schlüssel…</translation>
    </message>
    <message>
        <source>Could not create the key</source>
        <translation>Der Schlüssel konnte nicht erstellt werden</translation>
    </message>
    <message>
        <source>Key %1 created.</source>
        <translation>Schlüssel %1 erstellt.</translation>
    </message>
</context>
<context>
    <name>CreateKeyDialog</name>
    <message>
        <source>New API Key for %1</source>
        <translation>Neuer API-Schlüssel für %1</translation>
    </message>
    <message>
        <source>Create Key</source>
        <translation>Schlüssel erstellen</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n key(s) in use on the %2 plan.</source>
        <translation>
            <numerusform>%1 von %n Schlüssel im Tarif %2 in Verwendung.</numerusform>
            <numerusform>%1 von %n Schlüsseln im Tarif %2 in Verwendung.</numerusform>
        </translation>
    </message>
    <message>
        <source>e.g. Production backend</source>
        <translation>z. B. Produktiv-Backend</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Beschreibung:</translation>
    </message>
    <message>
        <source>&amp;Environment:</source>
        <translation>&amp;Umgebung:</translation>
    </message>
    <message>
        <source>Comma-separated, e.g. &quot;agents:run, conversations:read&quot;. &quot;*&quot; allows everything.</source>
        <translation>Durch Kommas getrennt, z. B. „agents:run, conversations:read“. „*“ erlaubt alles.</translation>
    </message>
    <message>
        <source>&amp;Scopes:</source>
        <translation>Bere&amp;iche:</translation>
    </message>
    <message>
        <source>E&amp;xpires after</source>
        <translation>&amp;Läuft ab nach</translation>
    </message>
    <message>
        <source> days</source>
        <translation> Tagen</translation>
    </message>
    <message>
        <source>Custom &amp;rate limit</source>
        <translation>Eigenes &amp;Ratenlimit</translation>
    </message>
    <message>
        <source> per minute</source>
        <translation> pro Minute</translation>
    </message>
    <message>
        <source>%1 is inactive: reactivate it before creating keys.</source>
        <translation>%1 ist inaktiv: Reaktivieren Sie die Organisation, bevor Sie Schlüssel erstellen.</translation>
    </message>
    <message>
        <source>%1 already uses all %2 keys its plan allows. Revoke a key or raise the cap first.</source>
        <translation>%1 nutzt bereits alle %2 Schlüssel, die der Tarif erlaubt. Widerrufen Sie zuerst einen Schlüssel oder erhöhen Sie die Obergrenze.</translation>
    </message>
    <message>
        <source>Enter a name that says where the key is used.</source>
        <translation>Geben Sie einen Namen ein, der angibt, wo der Schlüssel verwendet wird.</translation>
    </message>
    <message>
        <source>name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Give at least one scope (&quot;*&quot; allows everything).</source>
        <translation>Geben Sie mindestens einen Bereich an („*“ erlaubt alles).</translation>
    </message>
</context>
<context>
    <name>CreateOrganizationCommand</name>
    <message>
        <source>&amp;New Organization…</source>
        <translation>&amp;Neue Organisation…</translation>
    </message>
    <message>
        <source>Could not create the organization</source>
        <translation>Die Organisation konnte nicht erstellt werden</translation>
    </message>
    <message>
        <source>Organization &quot;%1&quot; created.</source>
        <translation>Organisation „%1“ erstellt.</translation>
    </message>
</context>
<context>
    <name>Database</name>
    <message>
        <source>cannot configure the database connection: %1</source>
        <translation>die Datenbankverbindung kann nicht eingerichtet werden: %1</translation>
    </message>
    <message>
        <source>the Qt SQL driver for %1 is not installed (package %2)</source>
        <translation>der Qt-SQL-Treiber für %1 ist nicht installiert (Paket %2)</translation>
    </message>
    <message>
        <source>cannot open SQLite database %1: the folder %2 does not exist</source>
        <translation>die SQLite-Datenbank %1 kann nicht geöffnet werden: der Ordner %2 existiert nicht</translation>
    </message>
    <message>
        <source>cannot connect to %1: %2</source>
        <translation>keine Verbindung zu %1 möglich: %2</translation>
    </message>
    <message>
        <source>the database does not answer: %1</source>
        <translation>die Datenbank antwortet nicht: %1</translation>
    </message>
</context>
<context>
    <name>DatabaseOpener</name>
    <message numerus="yes">
        <source>the database is at schema version %1 of %2 and needs %n migration(s)</source>
        <translation>
            <numerusform>die Datenbank hat Schemaversion %1 von %2 und benötigt %n Migration</numerusform>
            <numerusform>die Datenbank hat Schemaversion %1 von %2 und benötigt %n Migrationen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DatabaseUrl</name>
    <message>
        <source>the database URL is empty</source>
        <translation>die Datenbank-URL ist leer</translation>
    </message>
    <message>
        <source>the database URL is too long</source>
        <translation>die Datenbank-URL ist zu lang</translation>
    </message>
    <message>
        <source>unsupported database URL: use sqlite:///path.db, sqlite::memory: or postgresql://user@host/db</source>
        <translation>nicht unterstützte Datenbank-URL: verwenden Sie sqlite:///path.db, sqlite::memory: oder postgresql://user@host/db</translation>
    </message>
    <message>
        <source>SQLite (in memory)</source>
        <translation>SQLite (im Arbeitsspeicher)</translation>
    </message>
    <message>
        <source>SQLite %1</source>
        <translation>SQLite %1</translation>
    </message>
    <message>
        <source>PostgreSQL %1 on %2:%3</source>
        <translation>PostgreSQL %1 auf %2:%3</translation>
    </message>
</context>
<context>
    <name>DisplayText</name>
    <message>
        <source>Free</source>
        <translation>Free</translation>
    </message>
    <message>
        <source>Pro</source>
        <translation>Pro</translation>
    </message>
    <message>
        <source>Enterprise</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Test</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>Admin</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Expiring soon</source>
        <translation>Läuft bald ab</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Abgelaufen</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>Widerrufen</translation>
    </message>
    <message>
        <source>Inactive</source>
        <translation>Inaktiv</translation>
    </message>
</context>
<context>
    <name>EditOrganizationCommand</name>
    <message>
        <source>&amp;Edit Organization…</source>
        <translation>Organisation &amp;bearbeiten…</translation>
    </message>
    <message>
        <source>Could not save the organization</source>
        <translation>Die Organisation konnte nicht gespeichert werden</translation>
    </message>
    <message>
        <source>Organization &quot;%1&quot; saved.</source>
        <translation>Organisation „%1“ gespeichert.</translation>
    </message>
</context>
<context>
    <name>EmbeddedValidator</name>
    <message>
        <source>The validator is already running on port %1.</source>
        <translation>Der Validator läuft bereits auf Port %1.</translation>
    </message>
    <message>
        <source>The validator is still stopping; try again in a moment.</source>
        <translation>Der Validator wird noch beendet; versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>There is no database connection to validate keys against.</source>
        <translation>Es besteht keine Datenbankverbindung, gegen die Schlüssel geprüft werden können.</translation>
    </message>
    <message>
        <source>The database cannot be reached: %1</source>
        <translation>Die Datenbank ist nicht erreichbar: %1</translation>
    </message>
    <message>
        <source>Cannot listen on %1 port %2.</source>
        <translation>Auf %1, Port %2 kann nicht gelauscht werden.</translation>
    </message>
    <message>
        <source>Port %1 is already in use.</source>
        <translation>Port %1 wird bereits verwendet.</translation>
    </message>
    <message>
        <source>Port %1 is reserved for the system; choose a port above 1023.</source>
        <translation>Port %1 ist für das System reserviert; wählen Sie einen Port über 1023.</translation>
    </message>
    <message>
        <source>%1 is not an address of this computer.</source>
        <translation>%1 ist keine Adresse dieses Computers.</translation>
    </message>
    <message>
        <source>Cannot listen on %1 port %2: %3</source>
        <translation>Auf %1, Port %2 kann nicht gelauscht werden: %3</translation>
    </message>
</context>
<context>
    <name>ErrorMessages</name>
    <message>
        <source>Check that the database server is running and reachable, then try again.</source>
        <translation>Prüfen Sie, ob der Datenbankserver läuft und erreichbar ist, und versuchen Sie es dann erneut.</translation>
    </message>
</context>
<context>
    <name>FindKeyPanel</name>
    <message>
        <source>Paste a full key, an &quot;Authorization: Bearer …&quot; line, or a masked key such as pk_live_AbCd…wxyz. A full key is hashed on this computer; only its hash is looked up.</source>
        <translation>Fügen Sie einen vollständigen Schlüssel, eine Zeile „Authorization: Bearer …“ oder einen maskierten Schlüssel wie pk_live_AbCd…wxyz ein. Ein vollständiger Schlüssel wird auf diesem Computer gehasht; nachgeschlagen wird nur sein Hash.</translation>
    </message>
    <message>
        <source>&amp;Key:</source>
        <translation>&amp;Schlüssel:</translation>
    </message>
    <message>
        <source>Show the pasted text</source>
        <translation>Eingefügten Text anzeigen</translation>
    </message>
    <message>
        <source>&amp;Find Owner</source>
        <translation>&amp;Inhaber suchen</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Organization:</source>
        <translation>Organisation:</translation>
    </message>
    <message>
        <source>Key:</source>
        <translation>Schlüssel:</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>Created:</source>
        <translation>Erstellt:</translation>
    </message>
    <message>
        <source>Last used:</source>
        <translation>Zuletzt verwendet:</translation>
    </message>
    <message>
        <source>Expires:</source>
        <translation>Läuft ab:</translation>
    </message>
    <message>
        <source>Revoked:</source>
        <translation>Widerrufen:</translation>
    </message>
    <message>
        <source>&amp;Revoke This Key…</source>
        <translation>Diesen Schlüssel &amp;widerrufen…</translation>
    </message>
    <message>
        <source>This text is too long to be a key.</source>
        <translation>Dieser Text ist zu lang für einen Schlüssel.</translation>
    </message>
    <message>
        <source>Paste a key first.</source>
        <translation>Fügen Sie zuerst einen Schlüssel ein.</translation>
    </message>
    <message>
        <source>Looking up %1…</source>
        <translation>%1 wird gesucht…</translation>
    </message>
    <message>
        <source> — inactive</source>
        <translation> — inaktiv</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Nie</translation>
    </message>
    <message>
        <source>%1 by %2: %3</source>
        <translation>%1 von %2: %3</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nein</translation>
    </message>
    <message numerus="yes">
        <source>%n keys match this masked key; the newest is shown.</source>
        <translation>
            <numerusform>%n Schlüssel passt zu diesem maskierten Schlüssel; der neueste wird angezeigt.</numerusform>
            <numerusform>%n Schlüssel passen zu diesem maskierten Schlüssel; der neueste wird angezeigt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Found.</source>
        <translation>Gefunden.</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <source>Working…</source>
        <translation>Wird ausgeführt…</translation>
    </message>
</context>
<context>
    <name>InMemoryCredentialStore</name>
    <message>
        <source>No password is stored for this connection.</source>
        <translation>Für diese Verbindung ist kein Passwort gespeichert.</translation>
    </message>
    <message>
        <source>Memory (forgotten when KeyWarden closes)</source>
        <translation>Arbeitsspeicher (wird beim Beenden von KeyWarden vergessen)</translation>
    </message>
    <message>
        <source>No system keychain is running (Secret Service); KeyWarden will ask for the password each time instead of storing it.</source>
        <translation>Es läuft kein System-Schlüsselbund (Secret Service); KeyWarden speichert das Passwort daher nicht und fragt jedes Mal danach.</translation>
    </message>
</context>
<context>
    <name>InputRules</name>
    <message>
        <source>the %1 must not be empty</source>
        <translation>der %1 darf nicht leer sein</translation>
    </message>
    <message>
        <source>the %1 is too long (at most %2 characters)</source>
        <translation>der %1 ist zu lang (höchstens %2 Zeichen)</translation>
    </message>
    <message>
        <source>the %1 must not contain control characters or line breaks</source>
        <translation>der %1 darf keine Steuerzeichen oder Zeilenumbrüche enthalten</translation>
    </message>
    <message>
        <source>the slug must not be empty</source>
        <translation>der Slug darf nicht leer sein</translation>
    </message>
    <message>
        <source>the slug is too long (at most %1 characters)</source>
        <translation>der Slug ist zu lang (höchstens %1 Zeichen)</translation>
    </message>
    <message>
        <source>the slug &quot;%1&quot; may only contain lower-case letters, digits and single hyphens (like &quot;acme-corp&quot;)</source>
        <translation>der Slug „%1“ darf nur Kleinbuchstaben, Ziffern und einzelne Bindestriche enthalten (wie „acme-corp“)</translation>
    </message>
    <message>
        <source>the email address must not be empty</source>
        <translation>die E-Mail-Adresse darf nicht leer sein</translation>
    </message>
    <message>
        <source>the email address is too long (at most %1 characters)</source>
        <translation>die E-Mail-Adresse ist zu lang (höchstens %1 Zeichen)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid email address</source>
        <translation>„%1“ ist keine gültige E-Mail-Adresse</translation>
    </message>
    <message>
        <source>the description is too long (at most %1 characters)</source>
        <translation>die Beschreibung ist zu lang (höchstens %1 Zeichen)</translation>
    </message>
    <message>
        <source>a reason is required</source>
        <translation>eine Begründung ist erforderlich</translation>
    </message>
    <message>
        <source>the reason is too long (at most %1 characters)</source>
        <translation>die Begründung ist zu lang (höchstens %1 Zeichen)</translation>
    </message>
    <message>
        <source>the reason must not contain control characters or line breaks</source>
        <translation>die Begründung darf keine Steuerzeichen oder Zeilenumbrüche enthalten</translation>
    </message>
    <message>
        <source>actor</source>
        <translation>Akteur</translation>
    </message>
    <message>
        <source>too many scopes (at most %1)</source>
        <translation>zu viele Bereiche (höchstens %1)</translation>
    </message>
    <message>
        <source>a scope is too long (at most %1 characters)</source>
        <translation>ein Bereich ist zu lang (höchstens %1 Zeichen)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid scope: use lower-case words joined by &apos;:&apos; like &quot;agents:run&quot;, or &quot;*&quot;</source>
        <translation>„%1“ ist kein gültiger Bereich: verwenden Sie kleingeschriebene, durch „:“ verbundene Wörter wie „agents:run“ oder „*“</translation>
    </message>
</context>
<context>
    <name>KeyRevealDialog</name>
    <message>
        <source>New API Key</source>
        <translation>Neuer API-Schlüssel</translation>
    </message>
    <message>
        <source>The key &lt;b&gt;%1&lt;/b&gt; (%2) was created. Copy it now and store it somewhere safe.</source>
        <translation>Der Schlüssel &lt;b&gt;%1&lt;/b&gt; (%2) wurde erstellt. Kopieren Sie ihn jetzt und bewahren Sie ihn an einem sicheren Ort auf.</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>This key will not be shown again. KeyWarden stores only its hash and cannot recover it; if it is lost, roll it to get a new one.</source>
        <translation>Dieser Schlüssel wird nicht noch einmal angezeigt. KeyWarden speichert nur seinen Hash und kann ihn nicht wiederherstellen; geht er verloren, erneuern Sie ihn, um einen neuen zu erhalten.</translation>
    </message>
    <message>
        <source>I have &amp;saved this key somewhere safe</source>
        <translation>Ich habe diesen Schlüssel an einem &amp;sicheren Ort gespeichert</translation>
    </message>
    <message>
        <source>&amp;Done</source>
        <translation>&amp;Fertig</translation>
    </message>
    <message>
        <source>The clipboard was cleared.</source>
        <translation>Die Zwischenablage wurde geleert.</translation>
    </message>
    <message>
        <source>Close Without Saving?</source>
        <translation>Ohne Speichern schließen?</translation>
    </message>
    <message>
        <source>Have you saved the key? It cannot be shown again.</source>
        <translation>Haben Sie den Schlüssel gespeichert? Er kann nicht noch einmal angezeigt werden.</translation>
    </message>
    <message numerus="yes">
        <source>Copied. The clipboard will be cleared in %n second(s).</source>
        <translation>
            <numerusform>Kopiert. Die Zwischenablage wird in %n Sekunde geleert.</numerusform>
            <numerusform>Kopiert. Die Zwischenablage wird in %n Sekunden geleert.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KeysPanel</name>
    <message>
        <source>Filter by key, name or scope</source>
        <translation>Nach Schlüssel, Name oder Bereich filtern</translation>
    </message>
    <message>
        <source>All keys</source>
        <translation>Alle Schlüssel</translation>
    </message>
    <message>
        <source>No keys yet: create one with &quot;New Key&quot;.</source>
        <translation>Noch keine Schlüssel: Erstellen Sie einen mit „Neuer Schlüssel“.</translation>
    </message>
    <message>
        <source>Could not load the keys: %1</source>
        <translation>Die Schlüssel konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Select an organization to see its keys.</source>
        <translation>Wählen Sie eine Organisation, um ihre Schlüssel zu sehen.</translation>
    </message>
    <message>
        <source>Keys of %1</source>
        <translation>Schlüssel von %1</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
</context>
<context>
    <name>LocalValidatorPanel</name>
    <message>
        <source>The validator is stopped.</source>
        <translation>Der Validator ist beendet.</translation>
    </message>
    <message>
        <source>There is no database connection: the validator cannot start.</source>
        <translation>Es besteht keine Datenbankverbindung: Der Validator kann nicht starten.</translation>
    </message>
    <message>
        <source>Local Validator</source>
        <translation>Lokaler Validator</translation>
    </message>
    <message>
        <source>Any free port</source>
        <extracomment>Shown in the port spin box for port 0</extracomment>
        <translation>Beliebiger freier Port</translation>
    </message>
    <message>
        <source>The port the validator listens on, on 127.0.0.1 (this computer only).</source>
        <translation>Der Port, auf dem der Validator auf 127.0.0.1 lauscht (nur dieser Computer).</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>&amp;Port:</translation>
    </message>
    <message>
        <source>Opens the validator&apos;s API documentation in your browser.</source>
        <translation>Öffnet die API-Dokumentation des Validators in Ihrem Browser.</translation>
    </message>
    <message>
        <source>Try a Key</source>
        <translation>Schlüssel ausprobieren</translation>
    </message>
    <message>
        <source>pk_live_…</source>
        <translation>pk_live_…</translation>
    </message>
    <message>
        <source>Sent only to the local validator, in the Authorization header. Press Enter to send.</source>
        <translation>Wird nur im Authorization-Header an den lokalen Validator gesendet. Drücken Sie zum Senden die Eingabetaste.</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>Show or hide the key</source>
        <translation>Schlüssel anzeigen oder ausblenden</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Ausblenden</translation>
    </message>
    <message>
        <source>GET /v1/verify — the JSON check</source>
        <translation>GET /v1/verify — die JSON-Prüfung</translation>
    </message>
    <message>
        <source>GET /v1/auth — the forward-auth check (204, 401 or 403)</source>
        <translation>GET /v1/auth — die Forward-Auth-Prüfung (204, 401 oder 403)</translation>
    </message>
    <message>
        <source>POST /v1/agents/demo/run — the demo agent (scope agents:run)</source>
        <translation>POST /v1/agents/demo/run — der Demo-Agent (Bereich agents:run)</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Senden</translation>
    </message>
    <message>
        <source> requests</source>
        <translation> Anfragen</translation>
    </message>
    <message>
        <source>More than the key&apos;s per-minute limit shows the validator answering 429.</source>
        <translation>Bei mehr Anfragen als dem Minutenlimit des Schlüssels antwortet der Validator mit 429.</translation>
    </message>
    <message>
        <source>Send &amp;Burst</source>
        <translation>S&amp;erie senden</translation>
    </message>
    <message>
        <source>&amp;Key:</source>
        <translation>S&amp;chlüssel:</translation>
    </message>
    <message>
        <source>&amp;Route:</source>
        <translation>&amp;Route:</translation>
    </message>
    <message>
        <source>Answer:</source>
        <translation>Antwort:</translation>
    </message>
    <message>
        <source>Rate limit:</source>
        <translation>Ratenlimit:</translation>
    </message>
    <message>
        <source>B&amp;urst:</source>
        <translation>Serien&amp;umfang:</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Anfragen</translation>
    </message>
    <message>
        <source>Requests:</source>
        <translation>Anfragen:</translation>
    </message>
    <message>
        <source>2xx:</source>
        <translation>2xx:</translation>
    </message>
    <message>
        <source>401:</source>
        <translation>401:</translation>
    </message>
    <message>
        <source>403:</source>
        <translation>403:</translation>
    </message>
    <message>
        <source>429:</source>
        <translation>429:</translation>
    </message>
    <message>
        <source>C&amp;lear Log</source>
        <translation>Protokoll &amp;leeren</translation>
    </message>
    <message>
        <source>Starting the validator…</source>
        <translation>Der Validator wird gestartet…</translation>
    </message>
    <message>
        <source>Stopping: writing the usage records…</source>
        <translation>Wird beendet: Nutzungsdaten werden geschrieben…</translation>
    </message>
    <message>
        <source>S&amp;tart Validator</source>
        <translation>Validator s&amp;tarten</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Wird gestartet…</translation>
    </message>
    <message>
        <source>S&amp;top Validator</source>
        <translation>Validator &amp;beenden</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Wird beendet…</translation>
    </message>
    <message>
        <source>Listening on 127.0.0.1 port %1, for this computer only.</source>
        <translation>Lauscht auf 127.0.0.1, Port %1, nur für diesen Computer.</translation>
    </message>
    <message>
        <source>The validator did not start. %1</source>
        <translation>Der Validator wurde nicht gestartet. %1</translation>
    </message>
    <message>
        <source>The validator is stopped; its usage records are written.</source>
        <translation>Der Validator ist beendet; seine Nutzungsdaten sind geschrieben.</translation>
    </message>
    <message>
        <source>Type or paste a key first.</source>
        <translation>Geben Sie zuerst einen Schlüssel ein oder fügen Sie ihn ein.</translation>
    </message>
    <message numerus="yes">
        <source>That text is %n characters long; an API key has 57. Nothing was sent.</source>
        <translation>
            <numerusform>Dieser Text ist %n Zeichen lang; ein API-Schlüssel hat 57. Es wurde nichts gesendet.</numerusform>
            <numerusform>Dieser Text ist %n Zeichen lang; ein API-Schlüssel hat 57. Es wurde nichts gesendet.</numerusform>
        </translation>
    </message>
    <message>
        <source>The key contains spaces, control characters or non-ASCII letters, which no API key has. Nothing was sent.</source>
        <translation>Der Schlüssel enthält Leerzeichen, Steuerzeichen oder Nicht-ASCII-Buchstaben, die in keinem API-Schlüssel vorkommen. Es wurde nichts gesendet.</translation>
    </message>
    <message>
        <source>Start the validator first.</source>
        <translation>Starten Sie zuerst den Validator.</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Wird gesendet…</translation>
    </message>
    <message>
        <source>No answer from the validator: %1</source>
        <translation>Keine Antwort vom Validator: %1</translation>
    </message>
    <message>
        <source>%1 %2: the key is valid.</source>
        <translation>%1 %2: Der Schlüssel ist gültig.</translation>
    </message>
    <message>
        <source>%1 %2: the key is valid (organization %3).</source>
        <translation>%1 %2: Der Schlüssel ist gültig (Organisation %3).</translation>
    </message>
    <message>
        <source>%1 %2: %3</source>
        <translation>%1 %2: %3</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message numerus="yes">
        <source>%1 per minute, %2 remaining, resets at %3 (in %n s).</source>
        <translation>
            <numerusform>%1 pro Minute, %2 verbleibend, Zurücksetzung um %3 (in %n s).</numerusform>
            <numerusform>%1 pro Minute, %2 verbleibend, Zurücksetzung um %3 (in %n s).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Retry after %n s.</source>
        <translation>
            <numerusform>Erneuter Versuch nach %n s.</numerusform>
            <numerusform>Erneuter Versuch nach %n s.</numerusform>
        </translation>
    </message>
    <message>
        <source>No rate-limit headers in the answer.</source>
        <translation>Keine Ratenlimit-Header in der Antwort.</translation>
    </message>
    <message numerus="yes">
        <source>Sending %n request(s)…</source>
        <translation>
            <numerusform>%n Anfrage wird gesendet…</numerusform>
            <numerusform>%n Anfragen werden gesendet…</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 answered: %3 succeeded, %4 rate-limited (429), %5 other.</source>
        <extracomment>%1 answered so far, %2 in the burst, %3 succeeded, %4 rate-limited, %5 other</extracomment>
        <translation>%1 von %2 beantwortet: %3 erfolgreich, %4 durch Ratenlimit abgelehnt (429), %5 sonstige.</translation>
    </message>
    <message>
        <source>The burst was cancelled.</source>
        <translation>Die Serie wurde abgebrochen.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>KeyWarden</source>
        <translation>KeyWarden</translation>
    </message>
    <message>
        <source>Opening the database…</source>
        <translation>Datenbank wird geöffnet…</translation>
    </message>
    <message>
        <source>&amp;Connect to Database…</source>
        <translation>Mit Datenbank &amp;verbinden…</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>&amp;Find a Key…</source>
        <translation>Schlüssel &amp;finden…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Organization</source>
        <translation>&amp;Organisation</translation>
    </message>
    <message>
        <source>&amp;Key</source>
        <translation>&amp;Schlüssel</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About KeyWarden</source>
        <translation>&amp;Über KeyWarden</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>Reading the database password from the system keychain…</source>
        <translation>Datenbankpasswort wird aus dem System-Schlüsselbund gelesen…</translation>
    </message>
    <message>
        <source>no password is stored for this connection</source>
        <translation>für diese Verbindung ist kein Passwort gespeichert</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>%1 wird geöffnet…</translation>
    </message>
    <message>
        <source>Embedded database (%1)</source>
        <translation>Eingebettete Datenbank (%1)</translation>
    </message>
    <message>
        <source>KeyWarden — %1</source>
        <translation>KeyWarden — %1</translation>
    </message>
    <message numerus="yes">
        <source>Added %n demo organization(s) with keys and six weeks of usage.</source>
        <translation>
            <numerusform>%n Demo-Organisation mit Schlüsseln und sechs Wochen Nutzungsdaten hinzugefügt.</numerusform>
            <numerusform>%n Demo-Organisationen mit Schlüsseln und sechs Wochen Nutzungsdaten hinzugefügt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Applied %n migration(s).</source>
        <translation>
            <numerusform>%n Migration angewendet.</numerusform>
            <numerusform>%n Migrationen angewendet.</numerusform>
        </translation>
    </message>
    <message>
        <source>Welcome to KeyWarden: Your Test Key</source>
        <translation>Willkommen bei KeyWarden: Ihr Testschlüssel</translation>
    </message>
    <message>
        <source>Update Database Schema</source>
        <translation>Datenbankschema aktualisieren</translation>
    </message>
    <message>
        <source>%1. Apply the migrations now? Make a backup first if this is a production database.</source>
        <translation>%1. Migrationen jetzt anwenden? Erstellen Sie zuerst eine Sicherung, wenn dies eine Produktivdatenbank ist.</translation>
    </message>
    <message>
        <source>Could not open %1</source>
        <translation>%1 konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Use File › Connect to Database… to choose another database.</source>
        <translation>Wählen Sie über Datei › Mit Datenbank verbinden… eine andere Datenbank.</translation>
    </message>
    <message>
        <source>KeyWarden — no database</source>
        <translation>KeyWarden — keine Datenbank</translation>
    </message>
    <message>
        <source>No database</source>
        <translation>Keine Datenbank</translation>
    </message>
    <message>
        <source>The password was not saved: %1</source>
        <translation>Das Passwort wurde nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Organizations &amp;&amp; &amp;Keys</source>
        <translation>Organisationen &amp;&amp; Sch&amp;lüssel</translation>
    </message>
    <message>
        <source>&amp;Usage</source>
        <translation>&amp;Nutzung</translation>
    </message>
    <message>
        <source>&amp;Find a Key</source>
        <translation>Schlüssel &amp;finden</translation>
    </message>
    <message>
        <source>&amp;Audit Log</source>
        <translation>&amp;Prüfprotokoll</translation>
    </message>
    <message>
        <source>Local &amp;Validator</source>
        <translation>Lokaler &amp;Validator</translation>
    </message>
    <message>
        <source>About KeyWarden</source>
        <translation>Über KeyWarden</translation>
    </message>
    <message>
        <source>&lt;h3&gt;KeyWarden %1&lt;/h3&gt;&lt;p&gt;API keys for teams that run their own APIs: organizations, keys shown once, revocation that takes effect at once, usage and audit.&lt;/p&gt;&lt;p&gt;Built with Qt %2.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;KeyWarden %1&lt;/h3&gt;&lt;p&gt;API-Schlüssel für Teams, die eigene APIs betreiben: Organisationen, Schlüssel, die nur einmal angezeigt werden, sofort wirksamer Widerruf, Nutzung und Prüfprotokoll.&lt;/p&gt;&lt;p&gt;Erstellt mit Qt %2.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>MigrationRunner</name>
    <message>
        <source>no migrations are embedded in this build</source>
        <translation>in diesem Build sind keine Migrationen enthalten</translation>
    </message>
    <message>
        <source>the database is at schema version %1, newer than this program knows (%2): upgrade KeyWarden</source>
        <translation>die Datenbank hat Schemaversion %1 und ist damit neuer, als dieses Programm kennt (%2): aktualisieren Sie KeyWarden</translation>
    </message>
    <message>
        <source>migration %1 (%2) failed: %3</source>
        <translation>die Migration %1 (%2) ist fehlgeschlagen: %3</translation>
    </message>
    <message>
        <source>--steps must be at least 1</source>
        <translation>--steps muss mindestens 1 sein</translation>
    </message>
    <message>
        <source>schema version %1 is unknown to this program; cannot downgrade it</source>
        <translation>die Schemaversion %1 ist diesem Programm unbekannt; sie kann nicht zurückgestuft werden</translation>
    </message>
    <message>
        <source>reverting migration %1 (%2) failed: %3</source>
        <translation>das Zurücksetzen der Migration %1 (%2) ist fehlgeschlagen: %3</translation>
    </message>
</context>
<context>
    <name>OrganizationDialog</name>
    <message>
        <source>New Organization</source>
        <translation>Neue Organisation</translation>
    </message>
    <message>
        <source>Create Organization</source>
        <translation>Organisation erstellen</translation>
    </message>
    <message>
        <source>Edit Organization</source>
        <translation>Organisation bearbeiten</translation>
    </message>
    <message>
        <source>Save Changes</source>
        <translation>Änderungen speichern</translation>
    </message>
    <message>
        <source>The slug identifies the organization in scripts and cannot be changed.</source>
        <translation>Der Slug kennzeichnet die Organisation in Skripten und kann nicht geändert werden.</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>billing@example.com</source>
        <translation>billing@example.com</translation>
    </message>
    <message>
        <source>&amp;Email:</source>
        <translation>&amp;E-Mail:</translation>
    </message>
    <message>
        <source>&amp;Slug:</source>
        <translation>&amp;Slug:</translation>
    </message>
    <message>
        <source>&amp;Plan:</source>
        <translation>&amp;Tarif:</translation>
    </message>
    <message>
        <source>Custom &amp;rate limit:</source>
        <translation>Eigenes &amp;Ratenlimit:</translation>
    </message>
    <message>
        <source> per minute</source>
        <translation> pro Minute</translation>
    </message>
    <message>
        <source>Custom &amp;monthly quota:</source>
        <translation>Eigenes &amp;Monatskontingent:</translation>
    </message>
    <message>
        <source> requests</source>
        <translation> Anfragen</translation>
    </message>
    <message>
        <source>Custom &amp;key cap:</source>
        <translation>Eigene Schlüssel&amp;obergrenze:</translation>
    </message>
    <message>
        <source> keys</source>
        <translation> Schlüssel</translation>
    </message>
    <message>
        <source>0 (no new keys)</source>
        <translation>0 (keine neuen Schlüssel)</translation>
    </message>
    <message>
        <source>The stored value, %L1, is outside what this field accepts. It is kept unless you change the field.</source>
        <translation>Der gespeicherte Wert, %L1, liegt außerhalb dessen, was dieses Feld annimmt. Er bleibt erhalten, solange Sie das Feld nicht ändern.</translation>
    </message>
    <message>
        <source>Enter the organization&apos;s name.</source>
        <translation>Geben Sie den Namen der Organisation ein.</translation>
    </message>
    <message>
        <source>name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Enter a contact email address.</source>
        <translation>Geben Sie eine Kontakt-E-Mail-Adresse ein.</translation>
    </message>
    <message>
        <source>Enter a slug: the name has no letters or digits to make one from.</source>
        <translation>Geben Sie einen Slug ein: Der Name enthält keine Buchstaben oder Ziffern, aus denen sich einer bilden ließe.</translation>
    </message>
</context>
<context>
    <name>OrganizationRepository</name>
    <message>
        <source>no organization %1</source>
        <translation>keine Organisation %1</translation>
    </message>
    <message>
        <source>no organization with an empty id</source>
        <translation>keine Organisation mit leerer ID</translation>
    </message>
    <message>
        <source>with id %1</source>
        <translation>mit der ID %1</translation>
    </message>
    <message>
        <source>with slug &quot;%1&quot;</source>
        <translation>mit dem Slug „%1“</translation>
    </message>
    <message>
        <source>with email &quot;%1&quot;</source>
        <translation>mit der E-Mail-Adresse „%1“</translation>
    </message>
    <message>
        <source>an organization with slug &quot;%1&quot; already exists</source>
        <translation>eine Organisation mit dem Slug „%1“ existiert bereits</translation>
    </message>
    <message>
        <source>no organization with id %1</source>
        <translation>keine Organisation mit der ID %1</translation>
    </message>
</context>
<context>
    <name>OrganizationService</name>
    <message>
        <source>organization name</source>
        <translation>Organisationsname</translation>
    </message>
    <message>
        <source>cannot derive a slug from the name &quot;%1&quot;: give one with --slug</source>
        <translation>aus dem Namen „%1“ lässt sich kein Slug ableiten: geben Sie einen mit --slug an</translation>
    </message>
    <message>
        <source>nothing to change: give at least one field</source>
        <translation>nichts zu ändern: geben Sie mindestens ein Feld an</translation>
    </message>
    <message>
        <source>the rate limit must be between %1 and %2 requests per minute (to stop an organization&apos;s requests, deactivate it)</source>
        <translation>das Ratenlimit muss zwischen %1 und %2 Anfragen pro Minute liegen (um die Anfragen einer Organisation zu stoppen, deaktivieren Sie sie)</translation>
    </message>
    <message>
        <source>the monthly limit must be between %1 and %2 requests (to stop an organization&apos;s requests, deactivate it)</source>
        <translation>das Monatskontingent muss zwischen %1 und %2 Anfragen liegen (um die Anfragen einer Organisation zu stoppen, deaktivieren Sie sie)</translation>
    </message>
    <message>
        <source>the key cap must be between %1 and %2</source>
        <translation>die Schlüsselobergrenze muss zwischen %1 und %2 liegen</translation>
    </message>
    <message>
        <source>no organization with slug &quot;%1&quot;</source>
        <translation>keine Organisation mit dem Slug „%1“</translation>
    </message>
</context>
<context>
    <name>OrganizationTableModel</name>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Inactive</source>
        <translation>Inaktiv</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <extracomment>keys in use / the plan&apos;s cap of keys, e.g. &quot;3 / 10&quot;
----------
requests this month / monthly quota, e.g. &quot;1,204 / 10,000&quot;</extracomment>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Slug</source>
        <translation>Slug</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Tarif</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Keys in use / cap</source>
        <translation>Schlüssel in Verwendung / Obergrenze</translation>
    </message>
    <message>
        <source>Requests this month / quota</source>
        <translation>Anfragen in diesem Monat / Kontingent</translation>
    </message>
</context>
<context>
    <name>OrganizationsPanel</name>
    <message>
        <source>&lt;b&gt;Organizations&lt;/b&gt;</source>
        <translation>&lt;b&gt;Organisationen&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Filter by name, slug or email</source>
        <translation>Nach Name, Slug oder E-Mail filtern</translation>
    </message>
    <message>
        <source>Show &amp;inactive</source>
        <translation>&amp;Inaktive anzeigen</translation>
    </message>
    <message>
        <source>No organizations yet: create one with &quot;New Organization&quot;.</source>
        <translation>Noch keine Organisationen: Erstellen Sie eine mit „Neue Organisation“.</translation>
    </message>
    <message>
        <source>Could not load the organizations: %1</source>
        <translation>Die Organisationen konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
</context>
<context>
    <name>QtKeychainCredentialStore</name>
    <message>
        <source>System keychain (Secret Service, QtKeychain)</source>
        <translation>System-Schlüsselbund (Secret Service, QtKeychain)</translation>
    </message>
    <message numerus="yes">
        <source>The system keychain did not answer within %n second(s); KeyWarden will ask for the password each time instead of storing it.</source>
        <translation>
            <numerusform>Der System-Schlüsselbund hat nicht innerhalb von %n Sekunde geantwortet; KeyWarden speichert das Passwort daher nicht und fragt jedes Mal danach.</numerusform>
            <numerusform>Der System-Schlüsselbund hat nicht innerhalb von %n Sekunden geantwortet; KeyWarden speichert das Passwort daher nicht und fragt jedes Mal danach.</numerusform>
        </translation>
    </message>
    <message>
        <source>No password is stored in the system keychain for this connection.</source>
        <translation>Für diese Verbindung ist im System-Schlüsselbund kein Passwort gespeichert.</translation>
    </message>
    <message>
        <source>The system keychain refused access: it is locked or the request was declined. Unlock it and try again, or enter the password each time.</source>
        <translation>Der System-Schlüsselbund hat den Zugriff verweigert: Er ist gesperrt oder die Anfrage wurde abgelehnt. Entsperren Sie ihn und versuchen Sie es erneut, oder geben Sie das Passwort jedes Mal ein.</translation>
    </message>
    <message>
        <source>The system keychain could not delete the stored password (%1).</source>
        <translation>Der System-Schlüsselbund konnte das gespeicherte Passwort nicht löschen (%1).</translation>
    </message>
    <message>
        <source>The system keychain could not be used (%1); KeyWarden will ask for the password each time instead of storing it.</source>
        <translation>Der System-Schlüsselbund konnte nicht verwendet werden (%1); KeyWarden speichert das Passwort daher nicht und fragt jedes Mal danach.</translation>
    </message>
    <message>
        <source>No system keychain is running (Secret Service); KeyWarden will ask for the password each time instead of storing it.</source>
        <translation>Es läuft kein System-Schlüsselbund (Secret Service); KeyWarden speichert das Passwort daher nicht und fragt jedes Mal danach.</translation>
    </message>
</context>
<context>
    <name>RedisClient</name>
    <message>
        <source>out of memory</source>
        <translation>nicht genügend Arbeitsspeicher</translation>
    </message>
    <message>
        <source>cannot connect to Redis at %1: %2</source>
        <translation>keine Verbindung zu Redis unter %1 möglich: %2</translation>
    </message>
    <message>
        <source>Redis did not answer: %1</source>
        <translation>Redis hat nicht geantwortet: %1</translation>
    </message>
    <message>
        <source>Redis answered PING with something else</source>
        <translation>Redis hat auf PING unerwartet geantwortet</translation>
    </message>
</context>
<context>
    <name>RedisUrl</name>
    <message>
        <source>REDIS_URL must look like redis://host:6379/0 (rediss:// is not supported)</source>
        <translation>REDIS_URL muss die Form redis://host:6379/0 haben (rediss:// wird nicht unterstützt)</translation>
    </message>
    <message>
        <source>REDIS_URL has no host</source>
        <translation>REDIS_URL enthält keinen Host</translation>
    </message>
    <message>
        <source>REDIS_URL has an invalid port</source>
        <translation>REDIS_URL enthält einen ungültigen Port</translation>
    </message>
    <message>
        <source>REDIS_URL&apos;s database must be a number from 0 to 15</source>
        <translation>die Datenbank in REDIS_URL muss eine Zahl von 0 bis 15 sein</translation>
    </message>
</context>
<context>
    <name>RequestAuthenticator</name>
    <message>
        <source>send the API key as `Authorization: Bearer &lt;key&gt;`</source>
        <translation>senden Sie den API-Schlüssel als `Authorization: Bearer &lt;key&gt;`</translation>
    </message>
    <message>
        <source>the Authorization header must be `Bearer &lt;key&gt;`</source>
        <translation>der Authorization-Header muss `Bearer &lt;key&gt;` lauten</translation>
    </message>
    <message>
        <source>the API key is not valid</source>
        <translation>der API-Schlüssel ist ungültig</translation>
    </message>
    <message>
        <source>the key store is unavailable; try again shortly</source>
        <translation>der Schlüsselspeicher ist nicht verfügbar; versuchen Sie es gleich noch einmal</translation>
    </message>
    <message>
        <source>the API key lacks the scope &quot;%1&quot;</source>
        <translation>dem API-Schlüssel fehlt der Bereich „%1“</translation>
    </message>
    <message>
        <source>the shared rate limiter is unavailable; try again shortly</source>
        <translation>der gemeinsame Ratenbegrenzer ist nicht verfügbar; versuchen Sie es gleich noch einmal</translation>
    </message>
    <message>
        <source>rate limit of %1 requests per minute exceeded</source>
        <translation>das Ratenlimit von %1 Anfragen pro Minute ist überschritten</translation>
    </message>
    <message>
        <source>the organization&apos;s monthly quota of %1 requests is used up</source>
        <translation>das Monatskontingent der Organisation von %1 Anfragen ist aufgebraucht</translation>
    </message>
</context>
<context>
    <name>RequestLogModel</name>
    <message>
        <source>%1 µs</source>
        <translation>%1 µs</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Organization: %1</source>
        <translation>Organisation: %1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Pfad</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Error Code</source>
        <translation>Fehlercode</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
</context>
<context>
    <name>RevokeKeyCommand</name>
    <message>
        <source>&amp;Revoke Key…</source>
        <translation>Schlüssel &amp;widerrufen…</translation>
    </message>
    <message>
        <source>Could not revoke the key</source>
        <translation>Der Schlüssel konnte nicht widerrufen werden</translation>
    </message>
    <message>
        <source>Key %1 revoked. Validators refuse it from now on.</source>
        <translation>Schlüssel %1 widerrufen. Validatoren lehnen ihn ab sofort ab.</translation>
    </message>
</context>
<context>
    <name>RevokeKeyDialog</name>
    <message>
        <source>Revoke API Key</source>
        <translation>API-Schlüssel widerrufen</translation>
    </message>
    <message>
        <source>Revoke Key</source>
        <translation>Schlüssel widerrufen</translation>
    </message>
    <message>
        <source>Key:</source>
        <translation>Schlüssel:</translation>
    </message>
    <message>
        <source>e.g. Leaked in a public repository (ticket #1234)</source>
        <translation>z. B. Versehentlich in öffentlichem Repository veröffentlicht (Ticket #1234)</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Begründung:</translation>
    </message>
    <message>
        <source>I understand that every caller using this key is refused &amp;immediately</source>
        <translation>Mir ist bewusst, dass jeder Aufrufer mit diesem Schlüssel &amp;sofort abgewiesen wird</translation>
    </message>
    <message>
        <source>This key was already revoked.</source>
        <translation>Dieser Schlüssel wurde bereits widerrufen.</translation>
    </message>
    <message>
        <source>Say why the key is revoked; the audit log keeps the reason.</source>
        <translation>Geben Sie an, warum der Schlüssel widerrufen wird; das Prüfprotokoll bewahrt die Begründung auf.</translation>
    </message>
    <message>
        <source>Tick the box to confirm.</source>
        <translation>Setzen Sie zur Bestätigung das Häkchen.</translation>
    </message>
</context>
<context>
    <name>RollKeyCommand</name>
    <message>
        <source>R&amp;oll Key…</source>
        <translation>Schlüssel &amp;erneuern…</translation>
    </message>
    <message>
        <source>Could not roll the key</source>
        <translation>Der Schlüssel konnte nicht erneuert werden</translation>
    </message>
    <message>
        <source>Key %1 rolled; the new key is %2.</source>
        <translation>Schlüssel %1 erneuert; der neue Schlüssel ist %2.</translation>
    </message>
</context>
<context>
    <name>RollKeyDialog</name>
    <message>
        <source>Roll API Key</source>
        <translation>API-Schlüssel erneuern</translation>
    </message>
    <message>
        <source>Roll Key</source>
        <translation>Schlüssel erneuern</translation>
    </message>
    <message>
        <source>Key:</source>
        <translation>Schlüssel:</translation>
    </message>
    <message>
        <source> hours</source>
        <translation> Stunden</translation>
    </message>
    <message>
        <source>None: the old key stops at once</source>
        <translation>Keine: Der alte Schlüssel wird sofort ungültig</translation>
    </message>
    <message>
        <source>&amp;Grace period:</source>
        <translation>Übergangs&amp;frist:</translation>
    </message>
    <message>
        <source>A new key with the same name, scopes and limits is created and shown once. The old key keeps working until the grace period ends.</source>
        <translation>Ein neuer Schlüssel mit demselben Namen, denselben Bereichen und Limits wird erstellt und einmal angezeigt. Der alte Schlüssel funktioniert bis zum Ende der Übergangsfrist weiter.</translation>
    </message>
    <message>
        <source>A revoked key cannot be rolled; create a new key instead.</source>
        <translation>Ein widerrufener Schlüssel kann nicht erneuert werden; erstellen Sie stattdessen einen neuen Schlüssel.</translation>
    </message>
</context>
<context>
    <name>RuntimeConfig</name>
    <message>
        <source>%1 must be true or false, not &quot;%2&quot;</source>
        <translation>%1 muss true oder false sein, nicht „%2“</translation>
    </message>
    <message>
        <source>DEFAULT_RATE_LIMIT must be a whole number of requests per minute between 1 and 1000000, not &quot;%1&quot;</source>
        <translation>DEFAULT_RATE_LIMIT muss eine ganze Zahl von Anfragen pro Minute zwischen 1 und 1000000 sein, nicht „%1“</translation>
    </message>
    <message>
        <source>USE_REDIS_RATE_LIMIT is true but REDIS_URL is not set</source>
        <translation>USE_REDIS_RATE_LIMIT ist true, aber REDIS_URL ist nicht gesetzt</translation>
    </message>
    <message>
        <source>ADMIN_API_KEY is malformed: %1 (generate one with: keywardenctl admin-key)</source>
        <translation>ADMIN_API_KEY ist fehlerhaft: %1 (erzeugen Sie einen mit: keywardenctl admin-key)</translation>
    </message>
    <message>
        <source>ADMIN_API_KEY must be an admin key (pk_admin_…), not an organization&apos;s key</source>
        <translation>ADMIN_API_KEY muss ein Admin-Schlüssel (pk_admin_…) sein, nicht der Schlüssel einer Organisation</translation>
    </message>
    <message>
        <source>RATE_LIMIT_BACKEND is redis but REDIS_URL is not set</source>
        <translation>RATE_LIMIT_BACKEND ist redis, aber REDIS_URL ist nicht gesetzt</translation>
    </message>
    <message>
        <source>RATE_LIMIT_BACKEND must be memory, sql or redis, not &quot;%1&quot;</source>
        <translation>RATE_LIMIT_BACKEND muss memory, sql oder redis sein, nicht „%1“</translation>
    </message>
    <message>
        <source>RATE_LIMIT_FAILURE_MODE must be local, open or closed, not &quot;%1&quot;</source>
        <translation>RATE_LIMIT_FAILURE_MODE muss local, open oder closed sein, nicht „%1“</translation>
    </message>
</context>
<context>
    <name>SelfCheck</name>
    <message>
        <source>database</source>
        <translation>Datenbank</translation>
    </message>
    <message>
        <source>the embedded database %1 does not exist yet: `keywardenctl db seed` creates it</source>
        <translation>die eingebettete Datenbank %1 existiert noch nicht: `keywardenctl db seed` legt sie an</translation>
    </message>
    <message>
        <source>%1 is reachable but at schema version %2 of %3: run `keywardenctl db upgrade`</source>
        <translation>%1 ist erreichbar, hat aber Schemaversion %2 von %3: führen Sie `keywardenctl db upgrade` aus</translation>
    </message>
    <message>
        <source>%1 is reachable and at schema version %2</source>
        <translation>%1 ist erreichbar und hat Schemaversion %2</translation>
    </message>
    <message>
        <source>redis</source>
        <translation>Redis</translation>
    </message>
    <message>
        <source>REDIS_URL is not set: the validator limits in process</source>
        <translation>REDIS_URL ist nicht gesetzt: der Validator begrenzt Anfragen prozessintern</translation>
    </message>
    <message>
        <source>%1 answers</source>
        <translation>%1 antwortet</translation>
    </message>
    <message>
        <source>port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>127.0.0.1:%1 is in use: %2 (a validator may already run there)</source>
        <translation>127.0.0.1:%1 ist belegt: %2 (dort läuft eventuell bereits ein Validator)</translation>
    </message>
    <message>
        <source>127.0.0.1:%1 is free for the validator</source>
        <translation>127.0.0.1:%1 ist für den Validator frei</translation>
    </message>
</context>
<context>
    <name>SetOrganizationActiveCommand</name>
    <message>
        <source>&amp;Reactivate Organization…</source>
        <translation>Organisation &amp;reaktivieren…</translation>
    </message>
    <message>
        <source>&amp;Deactivate Organization…</source>
        <translation>Organisation &amp;deaktivieren…</translation>
    </message>
    <message>
        <source>Reactivate Organization</source>
        <translation>Organisation reaktivieren</translation>
    </message>
    <message>
        <source>Reactivate &quot;%1&quot;? Its active keys will be accepted again.</source>
        <translation>„%1“ reaktivieren? Ihre aktiven Schlüssel werden wieder akzeptiert.</translation>
    </message>
    <message>
        <source>Deactivate Organization</source>
        <translation>Organisation deaktivieren</translation>
    </message>
    <message>
        <source>Deactivate &quot;%1&quot;? Every request with one of its keys will be refused at once, until it is reactivated.</source>
        <translation>„%1“ deaktivieren? Jede Anfrage mit einem ihrer Schlüssel wird sofort abgewiesen, bis die Organisation reaktiviert wird.</translation>
    </message>
    <message>
        <source>Could not reactivate the organization</source>
        <translation>Die Organisation konnte nicht reaktiviert werden</translation>
    </message>
    <message>
        <source>Could not deactivate the organization</source>
        <translation>Die Organisation konnte nicht deaktiviert werden</translation>
    </message>
    <message>
        <source>Organization &quot;%1&quot; reactivated.</source>
        <translation>Organisation „%1“ reaktiviert.</translation>
    </message>
    <message>
        <source>Organization &quot;%1&quot; deactivated.</source>
        <translation>Organisation „%1“ deaktiviert.</translation>
    </message>
</context>
<context>
    <name>SqlQuery</name>
    <message>
        <source>already exists: %1</source>
        <translation>existiert bereits: %1</translation>
    </message>
    <message>
        <source>database error: %1</source>
        <translation>Datenbankfehler: %1</translation>
    </message>
    <message>
        <source>no connection to the server</source>
        <translation>keine Verbindung zum Server</translation>
    </message>
    <message>
        <source>the statement is not a COPY FROM STDIN</source>
        <translation>die Anweisung ist kein COPY FROM STDIN</translation>
    </message>
    <message>
        <source>the SQLite connection is not open</source>
        <translation>die SQLite-Verbindung ist nicht geöffnet</translation>
    </message>
    <message>
        <source>usage names an API key or an organization that does not exist</source>
        <translation>die Nutzung nennt einen API-Schlüssel oder eine Organisation, die es nicht gibt</translation>
    </message>
</context>
<context>
    <name>Transaction</name>
    <message>
        <source>cannot begin a transaction: %1</source>
        <translation>eine Transaktion kann nicht begonnen werden: %1</translation>
    </message>
    <message>
        <source>no transaction is open</source>
        <translation>es ist keine Transaktion offen</translation>
    </message>
    <message>
        <source>cannot commit: %1</source>
        <translation>die Transaktion kann nicht festgeschrieben werden: %1</translation>
    </message>
</context>
<context>
    <name>UsageChartView</name>
    <message>
        <source>(no endpoint)</source>
        <translation>(kein Endpunkt)</translation>
    </message>
    <message>
        <source>Requests per day</source>
        <translation>Anfragen pro Tag</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Anfragen</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Day (UTC)</source>
        <translation>Tag (UTC)</translation>
    </message>
    <message>
        <source>Cost per day (USD)</source>
        <translation>Kosten pro Tag (USD)</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>Requests by endpoint</source>
        <translation>Anfragen nach Endpunkt</translation>
    </message>
    <message>
        <source>Requests: %1</source>
        <translation>Anfragen: %1</translation>
    </message>
    <message>
        <source>Requests by status</source>
        <translation>Anfragen nach Status</translation>
    </message>
    <message>
        <source>No requests in this range.</source>
        <translation>Keine Anfragen in diesem Zeitraum.</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Sonstige</translation>
    </message>
    <message>
        <source>Other endpoints: %1</source>
        <translation>Sonstige Endpunkte: %1</translation>
    </message>
    <message>
        <source>Failed: %1 (%2%)</source>
        <translation>Fehlgeschlagen: %1 (%2 %)</translation>
    </message>
    <message>
        <source>Tokens: %1</source>
        <translation>Tokens: %1</translation>
    </message>
    <message>
        <source>Cost: %1</source>
        <translation>Kosten: %1</translation>
    </message>
    <message>
        <source>Average response: %1 ms</source>
        <translation>Durchschnittliche Antwortzeit: %1 ms</translation>
    </message>
    <message>
        <source> · </source>
        <extracomment>Separator between the totals above the usage charts.</extracomment>
        <translation> · </translation>
    </message>
</context>
<context>
    <name>UsageDayModel</name>
    <message>
        <source>Day (UTC)</source>
        <translation>Tag (UTC)</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Anfragen</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>Cost (USD)</source>
        <translation>Kosten (USD)</translation>
    </message>
    <message>
        <source>Day (epoch ms)</source>
        <translation>Tag (Epoch-ms)</translation>
    </message>
</context>
<context>
    <name>UsagePanel</name>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <source>Last 90 days</source>
        <translation>Letzte 90 Tage</translation>
    </message>
    <message>
        <source>Last 12 months</source>
        <translation>Letzte 12 Monate</translation>
    </message>
    <message>
        <source>Custom</source>
        <extracomment>A range of days the user picks with two date fields.</extracomment>
        <translation>Benutzerdefiniert</translation>
    </message>
    <message>
        <source>&amp;Range:</source>
        <translation>&amp;Zeitraum:</translation>
    </message>
    <message>
        <source>First day</source>
        <translation>Erster Tag</translation>
    </message>
    <message>
        <source>Last day</source>
        <translation>Letzter Tag</translation>
    </message>
    <message>
        <source>to</source>
        <extracomment>Between the two dates of a custom range (&quot;2024-01-01 to 2024-01-31&quot;).</extracomment>
        <translation>bis</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>Loading usage</source>
        <translation>Nutzung wird geladen</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>Als CSV &amp;exportieren…</translation>
    </message>
    <message>
        <source>The date %1 is outside the supported range.</source>
        <translation>Das Datum %1 liegt außerhalb des unterstützten Bereichs.</translation>
    </message>
    <message>
        <source>The first day (%1) is after the last day (%2). Pick a first day on or before the last.</source>
        <translation>Der erste Tag (%1) liegt nach dem letzten Tag (%2). Wählen Sie einen ersten Tag, der am oder vor dem letzten liegt.</translation>
    </message>
    <message>
        <source>A range can span at most %1 years. Pick a shorter range.</source>
        <translation>Ein Zeitraum kann höchstens %1 Jahre umfassen. Wählen Sie einen kürzeren Zeitraum.</translation>
    </message>
    <message>
        <source>Could not load usage: %1</source>
        <translation>Die Nutzung konnte nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>Usage</source>
        <translation>Nutzung</translation>
    </message>
    <message>
        <source>Usage of %1</source>
        <translation>Nutzung von %1</translation>
    </message>
    <message>
        <source>Usage of key %1 (%2)</source>
        <translation>Nutzung von Schlüssel %1 (%2)</translation>
    </message>
    <message>
        <source>Export Usage as CSV</source>
        <translation>Nutzung als CSV exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV-Dateien (*.csv);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Export Failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>There is nothing to export yet: wait until the usage has loaded.</source>
        <translation>Es gibt noch nichts zu exportieren: Warten Sie, bis die Nutzung geladen ist.</translation>
    </message>
    <message>
        <source>Could not write the file &quot;%1&quot;: %2.</source>
        <translation>Die Datei „%1“ konnte nicht geschrieben werden: %2.</translation>
    </message>
    <message>
        <source>Exported the usage to &quot;%1&quot;.</source>
        <translation>Die Nutzung wurde nach „%1“ exportiert.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>KeyWarden: API keys for your own APIs.</source>
        <translation>KeyWarden: API-Schlüssel für Ihre eigenen APIs.</translation>
    </message>
    <message>
        <source>Database URL (default: $DATABASE_URL, else the last one, else the embedded SQLite file).</source>
        <translation>Datenbank-URL (Standard: $DATABASE_URL, sonst die zuletzt verwendete, sonst die eingebettete SQLite-Datei).</translation>
    </message>
    <message>
        <source>Fill the embedded database with demo organizations, keys and usage on start (once).</source>
        <translation>Die eingebettete Datenbank beim Start (einmalig) mit Demo-Organisationen, Schlüsseln und Nutzungsdaten füllen.</translation>
    </message>
    <message>
        <source>Save README screenshots into a folder and quit.</source>
        <translation>README-Bildschirmfotos in einem Ordner speichern und beenden.</translation>
    </message>
</context>
</TS>
