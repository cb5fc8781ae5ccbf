from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "email_changes" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "new_email" VARCHAR(254) NOT NULL,
    "code_hash" VARCHAR(64) NOT NULL UNIQUE,
    "created_at" TIMESTAMPTZ NOT NULL,
    "expires_at" TIMESTAMPTZ NOT NULL,
    "used_at" TIMESTAMPTZ,
    "user_id" INT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_email_chang_expires_23a219" ON "email_changes" ("expires_at");
COMMENT ON TABLE "email_changes" IS 'A requested change of an account''s address, waiting for the code mailed to the new one.';
        ALTER TABLE "api_tokens" ADD "client_ip" VARCHAR(64);
        ALTER TABLE "api_tokens" ADD "user_agent" VARCHAR(255);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "api_tokens" DROP COLUMN "client_ip";
        ALTER TABLE "api_tokens" DROP COLUMN "user_agent";
        DROP TABLE IF EXISTS "email_changes";"""


MODELS_STATE = (
    "eJztXVtz27YS/isYvdSZUTyOYjs+yZOcKInb2M7E6mmndYeESEhCTQEqAUXR9OS/n12QlH"
    "gTQzqWLDF8MgXsAuC3uOy3AOh/WxPpMk8ddqe8L++YaL0k/7YEnTB4yOS1SYtOp6scTNB0"
    "4BlhOuWWRjGTTAdK+9TRkDOknmKQ5DLl+HyqucRaWl1Buh8viFF5RaTwFoRrRW7ed592Tk"
    "4JV+SOTXWbKEko8Ri9Yy4xlZGRTwVICqnHXIwOsTpXOlAf/HrQkm/FregSX85RB95CEj1m"
    "hDqOnAn9kyKfOZsTOYRSFFMK3uslmY+ZgNrIgI2oaC9/zqkiHlWazBRz27eCCpcMfTkBAe"
    "6MieNxJjQ5gFyf0BE+owR1XR8KbhOfDeFhDO2EchxJfcXgpeDZtrFUC0u1qLbtJwaNmeD/"
    "zBhYY8SgwT5g8udfkMyFy74wFf2c3llDzjw3YXLuYgEm3dKLqUm7EPqtEUSgB5YjvdlErI"
    "SnCz2WYinNhcZUeAnmU82weO3PsAOImeeFvSXqE0FLVyJBE2M6LhvSmYfdCLWDBqzSWpZ1"
    "dd23bnp9y2plulikEesbYZIjBXZPaKoybz/CJjztPDt+cXz2/PT4DERMM5cpL74GVa+ACR"
    "QNPFf91leTTzUNJAzGK1BNT7TGVI2z4L4eUz8f3aRWCmVofhrlCNPdhXlCv1geEyM9hp+n"
    "xwWY/rf76fX77qeD0+MnWKGEqSSYZa7CnI7JQthXMDs+QyhgIGRhfgM5mk9YPtRJzRTUbq"
    "h6GD3cB/goYYX8alrcBvTwgu41zIShyQug719c9m763cuPWN1EqX88g1+338OcjkldpFIP"
    "TlNmWhZCfrvovyf4k/xxfdUz8EqlR76pcSXX/6OFbaIzLS0h5xZMfaveGaVGqCWsHp8Aq9"
    "o9rfsAlg+bvCuG3xNDR5gUWtpnn2FKvI+dk5qNlXfZyugDWcYHqrJYJrXutVjumE2Tq2Xn"
    "5KTEcglSa9dLk5daMI3bafFpFaQTSvUD+uHdEtM1K/nVMY1vO9f74H08gH+NjGV4l+teI1"
    "xZdN9Kn/GR+IUtDMgX0CIqHJYDakhzfw2L2TNwv0a9J0pdjTCfzpcUL96p4N3hjZkORnr3"
    "5nX3Ta9lEB5Q525OfddKQI05siNTKUvZbNakM0mnUAGzsxu+BbY5RL03odyD2UaYPpKJPc"
    "Sz20XhB4aClmMky0YggFeDCRWYmgSKhsyLGMNfMvA55RqsQIbSN0EAB1pAsEqMHQRxAYHB"
    "AMFy4hGbqQejE+jSL+V+ysQ4DsmyblMi1hnUBEpUE+ohL1gQIJmx9twKUJ/7XGsmliLsy5"
    "T7zDVRE6M7kHpM7qDTK3ybqBZ/Jkx7FJiRwIjTbAKrhWrCEjsYloCOZJlhU2X5Tyg9TFDi"
    "sVenlKNVxgEAqQJHKxuZgNFZOf6TUGrCP03457t9hFrww2AhUvcwc1JzO2be5gCrk5XvGd"
    "BrYnn7Y9+GFH+3d9eQ4nqS4uuZHsgvl8DTaD4tTgq0i4ixNKLWJJAtTY3RxV+SQB4jdaAp"
    "FCiDJO5AG/IZkFpDCx2KczDhOo8Hf3+hSHptG+wKJWjbRqKLwvOx9BiQUOhtQFJJ+LLkgG"
    "uoE/it9FxCyWfm8yF3qKkG3esnZpsdyoC+DRXcCgmDwRQYlQB5Cmp6RWw7TILuAvXCuFmo"
    "8AgBTItQMRBuNlXmpIFth5Z5evHGtg/xEIFtowwAAbp4oGDAPClGCjm9bXsMarfkHIYYZA"
    "MDB5TCVNcyP237FaFDzfyQt4sF1OrRxa3A19P0juEpAzqCrl6Sav/ZQnY+M/1BsC8aVk3g"
    "6lP82/qr4eHb5OGrjlWFHia1ascPN7Lh4TOHT3nFraWEUhPxKBfxULPB38yphHNMpZYob2"
    "IDL1gHsyj3YUZfF1VaqtRh866IE/V+7yfoUATlwWX39ycJSvTh+updJB6D/vWH6/N0v14u"
    "mtlu3ROzScatTnbxpfb2enhrGjgerWoWaH3sXb25uHr3koT6t+ImSlGxlL75qW/F2+7Fh9"
    "4bbAFuVqSdvzJD5NlpiRHyLM1aVwMEs5LWCn2aHHutdVriKtvjmUc77brEtwySnmIG1+Lw"
    "TI56E23d6ThNjJpUWctTanVYaVJz1dFRmcnq6Gj9bIV5X7Ngh4yv6tBK6zbhz50eVnjwlP"
    "m+zBlV6323pFYdBtW23bdmj3D9/FbfI+LooN7D5DG1Zjbdtdk0s/XxOJH6j1SpufTdT0wx"
    "3cqJ1CcF2kWR+mkoamFAWZe/RsfC82GR/lOjbwLc4fW3ghNi2Sj9AxTYnPTarQhzc/6oOX"
    "/U+BYb8S326zhS42JUcDGa80g/lH23fB5px4xZq+NIO4btnp9G+hhs93xiI47tD98+y3Ry"
    "xNqFfCdQALqz0qhwdWellLg1gwdwIgJzXwr00KU3fGi3+BAONPOcgbb4hnGkU8PzCc86pT"
    "Y0OgUbGp3Mhkbl20Ubv1n0mAeamotFDbGvGcVriH1D7HfWyg2x/0HtuyN7Q4as5hCliMSu"
    "Z0boa5bf/wmv7R8S246cVOuOLVa3Ixyq2NOh9FwgLZFEcJFgMlP4rUIS9LzczaCHLb3MxQ"
    "QOU6ej+WczcoDSNNcRGnK0dcdm8+QoPprug3WkVzsP/visDNogtRZtk/eoVDS9ou8QvBsh"
    "osuzC1XJaEaxltPHWanp46xg+jjLIO7LIfeYxSfhFdDSiKcV63CQMAn4SanTuScFp3NPsq"
    "dzB1QIjM9XxTut18BdDm4usyivPxsbitcB3G0fip2zgeK6Up+OqdQB8S10Z7x3B6ym+ge3"
    "Mor1A3xDofEAtymAValvZxRrCHiZDl7AZvLJDG5wD/moyqydUqsD0tuevYMPXwqpl5+2yL"
    "nueC6lx6goYDrZElLGGEARm/LElynbtcf59fWHhD3OL9KA/3p53gPX3BgHhHhwICN7MdKl"
    "/p2lxywvbFIIflKxwbwC5ok4YQXIE3pbRDyi/HsLOO5oWH9LLlhO3LV4vySlWsNNsZpthV"
    "bYQ0n9o5u85SfUe/vLJ+YtT4blH/GL/7epPesC68755azXsQ9V3x+q1Mex64hWzp2o++OV"
    "uYu1l55lFrBNb2K+xg3A1pqdzCCz/a3tTMvsIpbc1LwWzHwl7YC75NmTl2QMzxP86JnZGC"
    "XUx//Chit4Gz8pB3QN1xUyWAAcfDRCESnC/Upl29ltzQ2Uv2tHPHd/z2fD25hrXUM+Wv/x"
    "l3Vu4V5/YvQ/nc7z5y86R89Pz06OX7w4OTtaYp3NKgL9/OId4p5wQ9ac/H+cExdd5nNnnD"
    "dThTmF0xRdyXxrhlpvgl2bB3700wyfYYoOnYKyAcCYSg03IzfyITocVBUQDsVriO5Gvgu0"
    "9jN/P99cX60PYud/5s/ljib/Ix5X+7ikFYCLYBRHV9OB1HaSKWMB54+9mH39Pz5DCwA="
)
