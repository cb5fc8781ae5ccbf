from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True

# Written by hand: aerich cannot modify a column on SQLite, and widening "recipient" (to hold
# a webhook endpoint's URL) needs nothing there, since SQLite does not enforce VARCHAR
# lengths. MODELS_STATE is the one aerich wrote for PostgreSQL from the same models.


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "outbox_messages" ADD "ordering_key" VARCHAR(100);
        ALTER TABLE "outbox_messages" ADD "kind" VARCHAR(16) NOT NULL DEFAULT 'mail' /* MAIL: mail\nEVENT: event\nWEBHOOK: webhook */;
        CREATE INDEX IF NOT EXISTS "idx_outbox_mess_kind_271f20" ON "outbox_messages" ("kind", "status", "next_attempt_at");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "idx_outbox_mess_kind_271f20";
        ALTER TABLE "outbox_messages" DROP COLUMN "ordering_key";
        ALTER TABLE "outbox_messages" DROP COLUMN "kind";"""


MODELS_STATE = (
    "eJztXetz2rgW/1c03A9NZkgmoUmaTT+Rlra5TUInobs7W+4YYQvQYiTWFqHMbv/3e478wC"
    "9cnAZKvP4ULJ2jx+/ocR6S8ndtIi1mu4fNKe/IMRO1C/J3TdAJgx+pvDqp0el0mYMJivZt"
    "TUyn3FBIppNp31UONRXkDKjtMkiymGs6fKq4xFpqTUGan66IZnlNpLAXhCuX3H9oHjROzw"
    "h3yZhNVZ24klBiMzpmFtGVkaFDBVAKqUZcDA+xOkuaUB98PWnJXdEVTeLIOfJALyRRI0ao"
    "acqZUC9c8sDZnMgBlOIy14V+XZD5iAmojfTZkIp6+DmnLrGpq8jMZVa9K6iwyMCREyDg5o"
    "iYNmdCkT3IdQgd4m+koJblQMF14rAB/BhBO6EcU1LHZdAp+N3rYakGlmpQ1evtazRmgv81"
    "YyCNIYMGO4DJl/9BMhcW+8rc4HM6Ngac2VZM5NzCAnS6oRZTnXYl1DtNiED3DVPas4lYEk"
    "8XaiRFSM2FwlToBHOoYli8cmY4AMTMtv3REowJr6VLEq+JER6LDejMxmGE3F4Dlmk1w7ht"
    "d4z7VscwaqkhFnBExoafZEqBwxOa6ureD7EJB43jk1cn5y/PTs6BRDczTHn1zat6CYzHqO"
    "G57dS+6XyqqEehMV6CqkeiMaLuKA3umxF1stGNcyVQhuYnUQ4w3V2YJ/SrYTMxVCP4PDvJ"
    "wfTX5t2bD827vbOTfaxQwlLirTK3fk5DZyHsS5hNhyEUMBHSML+FHMUnLBvqOGcCastnPQ"
    "x+PAb4IGGJ/HJZ3Ab00EGrDSuhL/Ic6DtXN637TvPmE1Y3cd2/bI1fs9PCnIZOXSRS984S"
    "YgoLIb9ddT4Q/CR/tG9bGl7pqqGja1zSdf6oYZvoTElDyLkBS99ydAapAWoxqUcXwKJyT/"
    "I+geT9Ju+K4J+JoANMciXtsAdYEh8j5zhnJeVdljLqQIbWgYpslnGuR22WOybT+G7ZOD1d"
    "Y7sEqpX7pc5LbJha7TT4tAjSMabyAf30aokemoX06gjH95Xr56B9PIF+jRbLYJypXiNcaX"
    "TfSYfxofjIFhrkK2gRFSbLANU3cz/7xTwzcL8FoydIXc4wh85DEy86qKDv0GOmvJnevH/T"
    "fNuqaYT71BzPqWMZMagxRzZkIiWkTWdNGpNkChWwOlt+L7DNPuqtCeU2rDZCj5GU7yGaXc"
    "9zPzAkNExNua4HAuxqEKELoiYeozbmRcTCDy3wOeUKpEAG0tFOABNaQLBK9B14fgGBzgDB"
    "MvwRm6kHvROo0od0L1I+jkMS1q1LxDq9moCJKkJttAsWBIzMSHu6AtjnDleKiZCEfZ1yh1"
    "naa6J5+1KNyBgGvYu9CWpxZkK3xwUxEphxik1gt3Art8QOuiVgIBl62hTZ/mNMT+OU+Nm7"
    "U0LRWkcBAKocRSvtmYDZWdj/E2Oq3D+V++eHdYRS2IfeRuQ+Qsxxzu2IeZsTrExSfqRDr/"
    "LlPR/5VkbxD2t3lVFcTqO4PVN9+fUG7DSabRbHCep5hrHUpMbEo13bNPbpQzuQR+w6YBYu"
    "8AMxBqG1/enZtdoyNCkuw4SrC0K17VoH4zLDKn7qKrqCPejQeR/6DOko3DrRhjSw6DwwkQ"
    "Eg/sCcBZrTYEaTOeuPpBwTJqyphJGi7epeD4YOtEn1emhLz7EAHvJCzXtetS8wT9oM7F8Y"
    "6Jjhd6ruR/YnFKxraVuEdgVw8gE3qe4Uavev0egO2vXf+/YtGNXWYl/H/qE2mHDYSQkTFM"
    "8QcPc16fX88mHQQtNg9i7celfokwywOkMjwO5nU1cfeOj1/AFycPUWiAGIXs/v7QGyH8K3"
    "w0w+5WFHvV4FToKu8HwGATTQys9313Vgc2f9P5mJTCEOfhLxWfxe4XJySPx2ABFYO+jeoB"
    "pj6QBm8GmM2QKK2kNxoNCAT/O79UBIQQsAG4dFxIB56McguKPX/RGEzYaC8ecCxOuEIwzd"
    "IdB2KAwqhQrxZEef2VIMXayo17MZIG7IOax1kD0TitvYTp1sGfq71wOpDRTzRxUVCwDeBi"
    "mjpBUda1HRIaw5a/o8vtTQTTLTE1OwrwrUF8UmU/xbA9IvNfSxYGYOWeU32abfJBBI2pBv"
    "idkktbHGMA54t+c5qQXOmgJQ126aV9cXemZ3RevX1m3nwpuRXfFb6/JDu/3xIlg3k+v6Or"
    "b/8dkatv9xUj1d2v6YFbf9l6tiEQ9LnKt0LpaNxAzDDaMI0DGmMjoNj46O1oEayFZjrTPj"
    "YPt7ahGoIyxlBHojYXBP1Uuj3IF9dpVvNmQpQwg8z7PQ+r0TcyoEUO7dNH/fjzkWrtu37w"
    "PyCPRvrtuXCcSjil+RwZ3kKwP2ia1xrYXkOGcdOc5YRkLN8TEqy5J7i0rL1FPSi+otn1q3"
    "b69u318Qn78r7oMUN5LS0Z+gzbwDPaf1FluAEdbd0GV8xT5DXis19yjL9pxjRzutv0fjnH"
    "FzKYVrvk85g70KEe20czlixhfZXRJs1eay1uYSdY4UnVpJ3ipms9PTCk/LM8eRGbNqtaoc"
    "5yrDpNq2tlwdbFi9vpX3XgsqqI8QeYStWk13bTVNxWt/TnjxE3XdOdjSd8xlqpYRXowT1P"
    "PCi1Of1MDwk1r/7i/zD7UG/Aea3w+Lye8ca00HE5+gwOp46m6FWapDk9WhyUq32Ihu8bzO"
    "UFYqRgEVozpE+a+S75YPUe6YMEt1hnLHsH3mRyg/eeGeOzbk2H6/92lLJ4OsnmvveAxg7i"
    "w5Ctw3XDLFrvrhcb3AgHmsCfTUpVf2UGUP7R7IlT1U2UOVPVTpy5U9VMk3yx7SvwtskFGe"
    "Eh6YPG6sFfJv5IT8G6mQf+FHAzb+YMDPPGT9RO8F7EhsSBurGYZSYMSutoxwJq0f//HfGs"
    "E7SMEU9K8Bcf+6F3XZwUDaFhgtAYV352Yyc/GBVeKNh8xg0NOWvs4lHg46gKn4g15IwKSp"
    "7uRs1Tiqlv7tLP3R2fQYrH/o5PaODekY2ifn66ANVCvR1nkr0HbH6FfzfFOFIY8yP8n5q0"
    "3AXuuMWLgSv3CJjXdy99Bz5a/Snzv35D8vfyFBb/br/hINtUmi5pIgp89IbT7O2Bk2UEdX"
    "3H6+vvZe1yKe99MKtp+6vskbPOVlU7w1Kge6HCzhQJfgFzmhFoNtB4hZVyC5M7MZ2Zvwoe"
    "/QO98P7hTjDV8yl87Yu0lrkb4tzTG2MHh+bPsjdcsq4TZG5M9WCKPwhqdsivr/Uoyl3OjO"
    "19roznM2uvMU4o4ccJsZfOK/sLA24knGMhx5jQN+utY58tOcc+Sn6XPkfSoERpKK4p3kq+"
    "BeD24u0yivPsXtk5cB3G0f356zvstVoTEdYSkD4lsYznghF+zv4u9ZphjLB/iGnrT0cJsC"
    "WIXGdoqxhICv9xhAzlMAmW+IQ50DPiyyaifYyoD0tldv711pIVX4dFPGxdxLKW1GRY6lky"
    "4hIYw+FLEpTTxM2a48Ltvt65g8Lq+SgH++uWyBaq6FA0TcOzqUvsJrUWdsgFWc5eDLBT/O"
    "WGFeAPOYR7sA5DG+LSIemPzPFnAMIht/Si5YRoQgP0SdYC3hOYSSnT4pEO1L/B+5rO3H53"
    "v38Y7Z4RnG7MOo0X/m+MyGwKoTqRn7deT/QDweqsT/nigjWhm39x6PV+rW4LPULNOAbTrc"
    "/gZjBbUVMXcvs/69wLuhAw5rht/bgum3L/e4RY73L8gIfk/wJUsdwtdPbHo7eB2fAARzDf"
    "cV0l8AHHw4RBIp/Mi62+ulwywbKH/XDiPvfnRywwH3laohH65+pmiVWvisX/D+pdF4+fJV"
    "4+jl2fnpyatXp+dHIdbprDzQL6/eI+4xNWTFHZWfczaoyRxujrJWKj8nd5miS5rvrVCrRb"
    "Br68C//dzNAyzRvNi5hAhLCYORG3mhEidVAYR98hKiu5EXrFa+/4lPsq92Yme//2lxU5F/"
    "iM3d57il5YCLYOR7V5OO1HrcUsYCLn/2Zvbt/wvkfHo="
)
